import { BuildxError } from './errors';

/**
 * A generator that will not write: the project, Dockerfile or target it needs is missing,
 * or what it would write would replace something the user has. Thrown before any file is
 * changed, so nothing is half-written.
 */
export class GeneratorRefusedError extends BuildxError {
  readonly code = 'GENERATOR_REFUSED';
  constructor(
    readonly generator: string,
    what: string,
    next: string,
  ) {
    super(`@nx-buildx/docker:${generator} [GENERATOR_REFUSED]: ${what}\n${next}`);
  }
}
