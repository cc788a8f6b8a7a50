import type { BuildFailedError } from '../errors/errors';

/**
 * Tells which bake target a line of BuildKit's plain progress belongs to. A vertex is
 * introduced as `#N [target …] name` (bake prefixes the target when it builds several);
 * later lines of the same vertex only say `#N …`. A vertex shared by targets is
 * introduced again under each, so the latest introduction wins.
 */
export class TargetLines {
  private readonly owners = new Map<string, string>();
  private readonly targets: ReadonlySet<string>;

  constructor(targets: Iterable<string>) {
    this.targets = new Set(targets);
  }

  /** The target `line` belongs to, or undefined for lines of the whole run. */
  push(line: string): string | undefined {
    const m = /^#(\d+) (?:\[([^\s\]]+)[\s\]])?/.exec(line);
    if (!m) return undefined;
    const [, id, prefix] = m as unknown as [string, string, string | undefined];
    if (prefix && this.targets.has(prefix)) this.owners.set(id, prefix);
    return this.owners.get(id);
  }
}

/**
 * The targets a failed bake failed in, in the order found; empty when the output does
 * not tell. Read from, most specific first: newer buildx's `ERROR: target X: …`, the
 * failing step's `[X n/m]` prefix (plain and rawjson progress), a vertex `#N ERROR`
 * of a target's vertex, and — the only hint with `--progress quiet` — the Dockerfile
 * location buildx prints (`app.Dockerfile:2`), when one target alone uses that file.
 */
export function failedTargets(
  error: Pick<BuildFailedError, 'step' | 'lastLines'>,
  progress: readonly string[],
  dockerfiles: Readonly<Record<string, string | undefined>>,
): string[] {
  const targets = Object.keys(dockerfiles);
  const found = new Set<string>();
  const text = [...error.lastLines, ...progress];
  for (const line of text) {
    const t = /^ERROR: target ([^\s:]+):/.exec(line)?.[1];
    if (t && targets.includes(t)) found.add(t);
  }
  // A target stopped because another failed reports `context canceled`: not a cause.
  const stepTarget = error.step && /^\[([^\s\]]+)[\s\]]/.exec(error.step)?.[1];
  const cancelled = error.lastLines.some((l) => CANCELLED.test(l));
  if (stepTarget && targets.includes(stepTarget) && !cancelled) found.add(stepTarget);
  if (found.size) return [...found];

  const owner = new TargetLines(targets);
  for (const line of progress) {
    const t = owner.push(line);
    if (t && /^#\d+ ERROR\b/.test(line) && !CANCELLED.test(line)) found.add(t);
  }
  if (found.size) return [...found];

  for (const line of error.lastLines) {
    const file = /^\(?(\S+?):\d+\)?$/.exec(line.trim())?.[1];
    if (!file) continue;
    const users = targets.filter((t) => sameFile(dockerfiles[t], file));
    if (users.length === 1) found.add(users[0] as string);
  }
  return [...found];
}

const CANCELLED = /\bcontext canceled\b|\bcanceled\b$/i;

function sameFile(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const norm = (p: string) => p.replace(/^\.\//, '');
  return norm(a) === norm(b) || norm(a).endsWith(`/${norm(b)}`) || norm(b).endsWith(`/${norm(a)}`);
}
