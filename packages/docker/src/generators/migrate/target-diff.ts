// What migrate changed in a target, one line per option: the "diff" it prints (Nx's
// --dry-run lists files, not what changed in them). Values that may be secrets are shown
// as `…`: the old options can hold nx-container's inline secrets.
import { isSecretLikeName } from '@nx-buildx/buildx';

/** `TOKEN=abc` → `TOKEN=…` for secret-like names; every value of a `secrets` list. */
function redact(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (/secret/i.test(key)) return value.replace(/=.*/s, '=…');
    return value.replace(/([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g, (whole, name: string) =>
      isSecretLikeName(name) ? `${name}=…` : whole,
    );
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        /args/i.test(key) && isSecretLikeName(k) && typeof v === 'string' ? '…' : redact(v, k),
      ]),
    );
  return value;
}

function flatten(target: object | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string, depth: number) => {
    const nested =
      depth < 2 && value !== null && typeof value === 'object' && !Array.isArray(value);
    if (nested && Object.keys(value as object).length) {
      for (const [k, v] of Object.entries(value as object))
        walk(v, path ? `${path}.${k}` : k, depth + 1);
    } else if (path) out.set(path, JSON.stringify(value));
  };
  // target fields, then options.x and configurations.<name>.x
  for (const [k, v] of Object.entries(target ?? {}))
    walk(v, k, k === 'options' ? 1 : k === 'configurations' ? 0 : 2);
  return out;
}

/** `- path: old` / `+ path: new` lines for what differs between two targets. */
export function targetDiff(before: object | undefined, after: object | undefined): string[] {
  const a = flatten(redact(before) as object | undefined);
  const b = flatten(redact(after) as object | undefined);
  const lines: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) lines.push(`- ${k}: ${v}`);
  for (const [k, v] of b) if (a.get(k) !== v) lines.push(`+ ${k}: ${v}`);
  return lines;
}
