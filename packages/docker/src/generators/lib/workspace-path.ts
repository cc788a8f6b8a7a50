import { isAbsolute, relative, sep } from 'node:path';

/** `dir` relative to the workspace `root`, POSIX form, when it lies strictly inside it; else undefined. */
export function insideWorkspace(root: string, dir: string): string | undefined {
  const rel = relative(root, dir);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
