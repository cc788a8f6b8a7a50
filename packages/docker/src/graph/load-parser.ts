import type { DockerfileInfo } from '@nx-buildx/buildx';
import { dirname, join } from 'node:path';

type Parse = (
  text: string,
  o?: { buildArgs?: Readonly<Record<string, string | number | boolean>>; file?: string },
) => DockerfileInfo;
let parse: Parse | undefined;

/**
 * `parseDockerfile` of @nx-buildx/buildx, loaded on first use and without the rest of
 * the core (execa, the build driver): the plugin module is loaded by every nx command,
 * and a warm graph never parses. The core's `exports` has no `./dockerfile` entry yet, so
 * the compiled module is required by its file path, beside the core's entry point; when
 * that layout differs, the whole core is loaded instead.
 */
export function loadParser(): Parse {
  if (parse) return parse;
  try {
    const entry = require.resolve('@nx-buildx/buildx');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parse = (require(join(dirname(entry), 'dockerfile', 'parse')) as { parseDockerfile: Parse })
      .parseDockerfile;
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parse = (require('@nx-buildx/buildx') as { parseDockerfile: Parse }).parseDockerfile;
  }
  return parse;
}
