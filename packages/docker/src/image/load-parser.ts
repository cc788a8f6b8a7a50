import type { parseDockerfile } from '@nx-buildx/buildx/dockerfile';

let parse: typeof parseDockerfile | undefined;

/**
 * `parseDockerfile` of @nx-buildx/buildx, loaded on first use and through the core's
 * `./dockerfile` entry only (dockerfile-ast, without execa and the build driver): the
 * plugin module is loaded by every nx command, and a warm graph never parses.
 */
export function loadParser(): typeof parseDockerfile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parse ??= (require('@nx-buildx/buildx/dockerfile') as { parseDockerfile: typeof parseDockerfile })
    .parseDockerfile;
  return parse;
}
