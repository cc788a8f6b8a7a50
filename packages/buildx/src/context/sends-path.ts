import dockerignore from '@balena/dockerignore';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ignorePatterns } from './files';

/**
 * Whether a build of `contextDir` sends `path` to the builder: it lies inside the
 * context and the `.dockerignore` in force (see {@link ignorePatterns}) does not exclude
 * it. Matches the one path against the patterns; the context is not walked.
 */
export async function contextSendsPath(
  contextDir: string,
  path: string,
  dockerfile?: string,
): Promise<boolean> {
  const rel = pathInContext(contextDir, path);
  if (rel === undefined) return false;
  const patterns = await ignorePatterns(resolve(contextDir), dockerfile);
  try {
    return !dockerignore({ ignorecase: false }).add(patterns).ignores(rel);
  } catch {
    return false; // an unusable pattern fails the build with its own error (DockerignoreError)
  }
}

/** `path` relative to `contextDir` in POSIX form when it lies strictly inside it, else undefined. */
export function pathInContext(contextDir: string, path: string): string | undefined {
  const rel = relative(resolve(contextDir), resolve(path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
