import type { OptionProblem, PruneOptions } from '@nx-buildx/buildx';
import { InvalidOptionError, parseDuration, parseSize } from '@nx-buildx/buildx';

/**
 * The durations and sizes of a prune, checked with the parsers the real prune converts
 * them with (pruneArgv), so a dry run refuses exactly what the real run would — all
 * problems at once, before anything is measured or removed.
 */
export function pruneValueProblems(o: PruneOptions): OptionProblem[] {
  const checks: Array<() => unknown> = [];
  if (o.until) checks.push(() => parseDuration(o.until as string, 'until'));
  if (o.unusedFor) checks.push(() => parseDuration(o.unusedFor as string, 'unusedFor'));
  if (o.keepStorage) checks.push(() => parseSize(o.keepStorage as string, 'keepStorage'));
  return checks.flatMap((check) => {
    try {
      check();
      return [];
    } catch (err) {
      if (err instanceof InvalidOptionError) return [...err.problems];
      throw err;
    }
  });
}
