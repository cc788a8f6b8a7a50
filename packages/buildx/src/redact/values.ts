import { parseKeyValues } from '../cache/csv';
import { isSecretLikeName } from './secret-names';

/**
 * The secret values a command carries, so they can be masked wherever they come back:
 * BuildKit expands build args in the step names it prints (`RUN echo $NPM_TOKEN` shows
 * the value), and a step's own output may print them. Taken from secret-like build args
 * and CSV attributes, URL passwords in argv, and secret-like variables given to the child
 * (bake reads secret-like args from its environment, see moveSecretArgsToEnv).
 */
export function secretValuesOf(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    const flag = args[i - 1];
    const eq = arg.indexOf('=');
    if (flag === '--build-arg' && eq > 0 && isSecretLikeName(arg.slice(0, eq)))
      values.push(arg.slice(eq + 1));
    if (flag === '--set') {
      const m = /^[^=]*\.args\.([^=.]+)=(.*)$/s.exec(arg);
      if (m && isSecretLikeName(m[1] as string)) values.push(m[2] as string);
    }
    if (flag?.startsWith('--cache-') || flag === '--output') {
      try {
        for (const [k, v] of parseKeyValues(arg)) if (isSecretLikeName(k)) values.push(v);
      } catch {
        // not key=value: nothing named secret
      }
    }
    for (const m of arg.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^\s/@'"]+)@/gi)) {
      const userinfo = m[1] as string;
      values.push(userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo);
    }
  });
  for (const [name, value] of Object.entries(env))
    if (value && isSecretLikeName(name)) values.push(value);
  // Too short a value would mask ordinary text; longest first so a value inside another goes too.
  return [...new Set(values.filter((v) => v.length >= 4))].sort(
    (a, b) => b.length - a.length || a.localeCompare(b),
  );
}

/** Replaces every occurrence of the values in `text` with `***`. */
export function maskValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) out = out.split(v).join('***');
  return out;
}
