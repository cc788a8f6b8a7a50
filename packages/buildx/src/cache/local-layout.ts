import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * The file layout of a `local` cache, known here only. For a cache `DIR`:
 * - `DIR` holds the cache BuildKit reads (`index.json` + blobs) and the marker file;
 * - `DIR.<pid>-<hex>.next` is one run's export, swapped in after that run succeeds;
 * - `DIR.old` holds the previous cache for the moment of the swap;
 * - `DIR.lock` is the lock (cache-lock.ts), `DIR.lock.<hex>.stale` a broken one on its
 *   way out.
 */

/** The file that says "nx-buildx made this directory" (marker.ts reads and writes it). */
export const CACHE_MARKER = '.nx-buildx-cache';

/** Fixed for this process: its exports never share a directory with another run's. */
const RUN = `${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * The directory this run exports the local cache `dir` into: `DIR.<pid>-<hex>.next`. An
 * orphaned `docker buildx build` of a killed run keeps writing into its own, never into
 * the next run's, which then swaps only what it exported itself.
 */
export function runExportDir(dir: string): string {
  return `${dir}.${RUN}.next`;
}

/** Whether `name` (a file name beside `dir`) is the export of some run of cache `dir`. */
export function isRunExportOf(dir: string, name: string): boolean {
  const prefix = `${basename(dir)}.`;
  return name.startsWith(prefix) && /^\d+-[0-9a-f]+\.next$/.test(name.slice(prefix.length));
}

/** Where the previous cache waits while a new one is swapped in. */
export function oldCacheDir(dir: string): string {
  return `${dir}.old`;
}

/** The lock directory of cache `dir`. */
export function cacheLockDir(dir: string): string {
  return `${dir}.lock`;
}

/** Siblings an older version of the plugin named without a run id; refused unless marked. */
export const LEGACY_SIBLINGS = ['.old', '.next'] as const;

/** Whether a directory's `index.json` says it holds a cache BuildKit can read. */
export function holdsCache(dir: string): boolean {
  return existsSync(join(dir, 'index.json'));
}

/** The file whose presence makes `dir` a cache (what holdsCache looks for). */
export function cacheIndexFile(dir: string): string {
  return join(dir, 'index.json');
}

/**
 * The plugin's own paths for a cache at `rel` (relative, for .dockerignore matching):
 * the cache, its lock, its swap slot and a run's export.
 */
export function cachePaths(rel: string): string[] {
  return [rel, cacheLockDir(rel), oldCacheDir(rel), `${rel}.run.next`];
}

/** Whether an entry of a folder of caches is a cache, not a sibling (`.next`, `.old`, `.lock`). */
export function isCacheDirName(name: string): boolean {
  return !/\.(next|old|lock|stale)$/.test(name);
}
