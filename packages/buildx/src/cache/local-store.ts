import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exists } from '../fs/exists';
import { lockCache } from './cache-lock';
import { cacheIndexFile, isRunExportOf, oldCacheDir, runExportDir } from './local-layout';
import { assertCacheDirUsable } from './dir-guard';
import { hasCacheMarker, writeCacheMarker } from './marker';

/**
 * A `type=local` cache directory kept bounded and crash-safe. BuildKit appends to a
 * local cache forever when `dest` equals `src`, so each build exports into a directory of
 * its own (local-layout.ts), which replaces `DIR` only after the build succeeds: an
 * orphaned build of a killed run can never write into the next build's export. A lock
 * (cache-lock.ts) keeps two builds from swapping the same directory at once. Every directory made here carries the marker (marker.ts), and only marked
 * directories are ever replaced or removed.
 */
export interface LocalCacheSlot {
  dir: string;
  next: string;
  /** Whether `dir` holds a cache to read from. */
  exists: boolean;
}

export interface LocalCacheOptions {
  waitMs?: number;
  staleMs?: number;
  /** Messages for the user: what a build waits for, a lock taken over or lost. */
  onLine?: (line: string) => void;
  /** When given, the directory is checked against it (dir-guard.ts) before anything. */
  workspaceRoot?: string;
}

export async function withLocalCache<T>(
  dir: string,
  fn: (slot: LocalCacheSlot) => Promise<T>,
  o: LocalCacheOptions = {},
): Promise<T> {
  if (o.workspaceRoot) await assertCacheDirUsable({ dir, workspaceRoot: o.workspaceRoot });
  await mkdir(dirname(dir), { recursive: true });
  const lock = await lockCache(dir, {
    waitMs: o.waitMs,
    staleMs: o.staleMs,
    onWait: (m) => o.onLine?.(m),
    onLost: (m) => o.onLine?.(`warning: ${m}`),
  });
  const next = runExportDir(dir);
  const old = oldCacheDir(dir);
  try {
    // An earlier run may have died between the two renames, or mid-export.
    if (!(await exists(dir)) && (await hasCacheMarker(old))) await rename(old, dir);
    await removeIfMarked(old);
    await removeStaleExports(dir, o.onLine);
    if ((await exists(dir)) && !(await hasCacheMarker(dir))) await writeCacheMarker(dir); // empty: checked
    await mkdir(next);
    await writeCacheMarker(next);

    const value = await fn({ dir, next, exists: await exists(cacheIndexFile(dir)) });

    // Under a lock we lost, another build may be swapping: leave DIR alone.
    if (!lock.lost() && (await exists(cacheIndexFile(next)))) {
      if (await exists(dir)) await rename(dir, old);
      await rename(next, dir);
      await removeIfMarked(old);
    }
    return value;
  } finally {
    await rm(next, { recursive: true, force: true }); // this run's own directory
    await lock.release();
  }
}

/** Removes a local cache the plugin made (for prune), under its lock. Unmarked: false. */
export async function removeLocalCache(dir: string, o: LocalCacheOptions = {}): Promise<boolean> {
  if (!(await exists(dir)) && !(await exists(oldCacheDir(dir)))) return false;
  if (o.workspaceRoot) await assertCacheDirUsable({ dir, workspaceRoot: o.workspaceRoot });
  const lock = await lockCache(dir, { waitMs: o.waitMs ?? 60_000, onWait: o.onLine });
  try {
    if (lock.lost()) return false;
    const removed = await removeIfMarked(dir);
    await removeIfMarked(oldCacheDir(dir));
    await removeStaleExports(dir, o.onLine);
    return removed;
  } finally {
    await lock.release();
  }
}

/** The per-run export directories of `dir`'s earlier runs. */
export async function runExportsOf(dir: string): Promise<string[]> {
  return (await readdir(dirname(dir)).catch(() => []))
    .filter((n) => isRunExportOf(dir, n))
    .map((n) => join(dirname(dir), n));
}

/**
 * Removes earlier runs' exports (a killed run leaves one), but never one a live process
 * (an orphaned `docker buildx build`) still writes into, nor one without the marker.
 */
async function removeStaleExports(dir: string, onLine?: (line: string) => void): Promise<void> {
  for (const path of await runExportsOf(dir)) {
    const writers = await processesMentioning(path);
    if (writers === undefined || writers.length > 0) {
      if (writers?.length)
        onLine?.(
          `an earlier build (PID ${writers.join(', ')}) is still exporting into ${path}; leaving it (it is removed by the next build after that one ends).`,
        );
      continue;
    }
    await removeIfMarked(path);
  }
}

async function removeIfMarked(path: string): Promise<boolean> {
  if (!(await hasCacheMarker(path))) return false;
  await rm(path, { recursive: true, force: true });
  return true;
}

/**
 * PIDs of processes whose command line mentions `path` (Linux /proc); undefined when
 * that cannot be known, so the caller keeps what might still be in use.
 */
async function processesMentioning(path: string): Promise<string[] | undefined> {
  const pids = await readdir('/proc').catch(() => undefined);
  if (!pids) return undefined;
  const found: string[] = [];
  for (const pid of pids.filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(path)) found.push(pid);
  }
  return found;
}

/** Bytes of all regular files under `dir` (0 when it does not exist). */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) total += await directorySize(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

/**
 * {@link withLocalCache} over several directories at once (a bake of many images):
 * locked in sorted order, so two bakes sharing caches cannot deadlock; `fn` gets each
 * directory's slot, and every export is swapped in only if `fn` succeeds.
 */
export async function withLocalCaches<T>(
  dirs: readonly string[],
  fn: (slots: ReadonlyMap<string, LocalCacheSlot>) => Promise<T>,
  o: LocalCacheOptions = {},
  held: Map<string, LocalCacheSlot> = new Map(),
): Promise<T> {
  const [first, ...rest] = [...new Set(dirs)].sort();
  if (first === undefined) return fn(held);
  return withLocalCache(
    first,
    (slot) => withLocalCaches(rest, fn, o, new Map(held).set(first, slot)),
    o,
  );
}
