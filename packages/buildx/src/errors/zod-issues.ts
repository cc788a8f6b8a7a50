import type { z } from 'zod';
import { ZodObject } from 'zod';
import { foreignKeyProblem, foreignValueProblem } from '../build/foreign-options';
import type { OptionProblem } from './errors';
import { InvalidOptionError } from './errors';

/** Maps zod issues to plain sentences that name the option, the value and what is allowed. */
export function problemsFromZod(
  error: z.ZodError,
  input?: unknown,
  knownKeys: readonly string[] = [],
): OptionProblem[] {
  return error.issues.flatMap((issue): OptionProblem[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      // Another tool's spelling gets its own line with the rewrite; the rest a guess.
      const foreign = issue.keys.flatMap((k) => {
        const message = foreignKeyProblem(k, valueAt(input, [...issue.path, k]), knownKeys);
        return message ? [{ key: k, message }] : [];
      });
      const rest = issue.keys.filter((k) => !foreign.some((f) => f.key === k));
      const hints = rest
        .map((k) => didYouMean(k, knownKeys, valueAt(input, [...issue.path, k])))
        .filter(Boolean);
      return [
        ...foreign.map((f) => ({ path, message: `unknown option "${f.key}"; ${f.message}` })),
        ...(rest.length
          ? [
              {
                path,
                message: `${sentence({ ...issue, keys: rest })}${hints.length ? `; ${hints.join('; ')}` : ''}`,
              },
            ]
          : []),
      ];
    }
    const received = valueAt(input, issue.path);
    const foreign = foreignValueProblem(issue.path, received);
    if (foreign) return [{ path, message: foreign }];
    const shown = received === undefined ? '' : ` (got ${JSON.stringify(received)})`;
    return [{ path, message: `${sentence(issue)}${shown}` }];
  });
}

/**
 * `did you mean "tags"?` for an unknown key: its camelCase spelling first (`cache-from`),
 * then `--no-X`, which Nx's parser hands over as `X: false` (`--no-cache` → `cache:
 * false` → `noCache`), then a known key within edit distance 2 (or one it is a prefix of).
 */
export function didYouMean(
  key: string,
  known: readonly string[],
  value?: unknown,
): string | undefined {
  const camel = key.replace(/-+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  if (camel !== key && known.includes(camel)) return `did you mean "${camel}" instead of "${key}"?`;
  const negated = `no${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
  if (value === false && known.includes(negated))
    return `did you mean "${negated}"? On the command line --no-${key} means ${key}: false; write --${negated} instead`;
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = name.toLowerCase().startsWith(key.toLowerCase())
      ? 1
      : distance(key.toLowerCase(), name.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
  }
  return best && `did you mean "${best.name}" instead of "${key}"?`;
}

/** Optimal-string-alignment distance: typos, including swapped neighbours, cost 1. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Parses `input` with `schema`, throwing {@link InvalidOptionError} with readable problems. */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject?: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const known = schema instanceof ZodObject ? Object.keys(schema.shape) : [];
    throw new InvalidOptionError(problemsFromZod(parsed.error, input, known), subject);
  }
  return parsed.data;
}

function sentence(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : issue.message;
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = input;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}
