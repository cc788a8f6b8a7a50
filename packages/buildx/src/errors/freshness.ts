import { BuildxError } from './errors';

/**
 * A fresh build that would not be (or was not) fresh: the Dockerfile cannot honour the
 * mode, or steps the mode was to rebuild came from cache. Never reported as a success.
 */
export class NotFreshError extends BuildxError {
  readonly code = 'NOT_FRESH';
  constructor(
    readonly mode: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`mode "${mode}" would not make this build fresh: ${problem}\n${fix}`);
  }
}
