import type { BuildFailedError } from './errors';
import { BuildxError } from './errors';

/**
 * A bake failed in one or more of its targets. Names them (and the targets left unbuilt
 * because of them) ahead of docker's own failure, which it keeps as `failure`; no local
 * cache of the bake was replaced and no metadata was written.
 */
export class BakeFailedError extends BuildxError {
  readonly code = 'BAKE_FAILED';
  constructor(
    /** The targets whose build failed; empty when docker's output did not tell. */
    readonly failed: readonly string[],
    /** Targets stopped or not reported because the bake failed. */
    readonly notBuilt: readonly string[],
    /** docker's own failure (also the error's `cause`). */
    readonly failure: BuildFailedError,
  ) {
    const which = failed.length
      ? `bake target${failed.length > 1 ? 's' : ''} ${failed.map((t) => `"${t}"`).join(', ')} failed`
      : 'docker buildx bake failed (its output does not say in which target)';
    const rest = notBuilt.length
      ? `; not built because of it: ${notBuilt.join(', ')} (their caches are left as they were)`
      : '';
    super(`${which}${rest}.\n${failure.message}`, { cause: failure });
  }
}
