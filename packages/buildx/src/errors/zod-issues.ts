import type { z } from 'zod';
import type { OptionProblem } from './errors';
import { InvalidOptionError } from './errors';

/** Maps zod issues to plain sentences that name the option, the value and what is allowed. */
export function problemsFromZod(error: z.ZodError, input?: unknown): OptionProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const received = valueAt(input, issue.path);
    const shown = received === undefined ? '' : ` (got ${JSON.stringify(received)})`;
    return { path, message: `${sentence(issue)}${shown}` };
  });
}

/** Parses `input` with `schema`, throwing {@link InvalidOptionError} with readable problems. */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject?: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidOptionError(problemsFromZod(parsed.error, input), subject);
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
