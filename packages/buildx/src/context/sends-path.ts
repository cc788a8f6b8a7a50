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
  const root = resolve(contextDir);
  const rel = relative(root, resolve(path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
  const patterns = await ignorePatterns(root, dockerfile);
  try {
    return !dockerignore({ ignorecase: false }).add(patterns).ignores(rel.split(sep).join('/'));
  } catch {
    return false; // an unusable pattern fails the build with its own error (DockerignoreError)
  }
}
