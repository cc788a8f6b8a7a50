import type { DockerfileInfo } from '@nx-buildx/buildx/dockerfile';
import { loadParser } from './load-parser';
import { readDockerfileText } from './read-dockerfile';

type BuildArgs = Readonly<Record<string, string | number | boolean>>;

const parsed = new Map<string, DockerfileInfo['copies'] | undefined>();

/**
 * The COPY/ADD instructions of the Dockerfile at `path` (absolute), read and parsed once
 * per process: a build's checks before it starts (copied build outputs, the report's
 * warning) all need them. Undefined when it cannot be read or parsed — BuildKit then
 * reports it, in its words.
 */
export function dockerfileCopies(
  path: string,
  buildArgs?: BuildArgs,
): DockerfileInfo['copies'] | undefined {
  const key = JSON.stringify([path, buildArgs ?? {}]);
  if (!parsed.has(key)) {
    let copies: DockerfileInfo['copies'] | undefined;
    try {
      copies = loadParser()(readDockerfileText(path), { file: path, buildArgs }).copies;
    } catch {
      copies = undefined;
    }
    parsed.set(key, copies);
  }
  return parsed.get(key);
}
