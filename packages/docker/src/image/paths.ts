import { posix } from 'node:path';

/** A workspace-relative path without `./`, trailing `/` or `..` tricks; `''` is the root. */
export function cleanPath(path: string): string {
  const p = posix.normalize(path.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
  return p === '.' ? '' : p;
}

const GLOB_CHARS = /[*?[\]{}!]/;
export const hasGlob = (path: string) => GLOB_CHARS.test(path);
