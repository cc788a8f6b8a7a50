import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { CacheLockedError } from '../errors/errors';

/**
 * A `type=local` cache directory kept bounded and crash-safe. BuildKit appends to a
 * local cache forever when `dest` equals `src`, so each build exports into a fresh
 * `DIR.next`, which replaces `DIR` only after the build succeeds. A lock (`DIR.lock`)
 * keeps two builds from swapping the same directory at once: the second waits, then
 * fails with {@link CacheLockedError}.
 */
export interface LocalCacheSlot {
  dir: string;
  next: string;
  /** Whether `dir` holds a cache to read from. */
  exists: boolean;
}

export async function withLocalCache<T>(
  dir: string,
  fn: (slot: LocalCacheSlot) => Promise<T>,
  o: { waitMs?: number } = {},
): Promise<T> {
  const waitMs = o.waitMs ?? 10 * 60_000;
  await mkdir(dirname(dir), { recursive: true });
  const release = await acquire(dir, waitMs);
  const next = `${dir}.next`;
  const old = `${dir}.old`;
  try {
    // An earlier run may have died between the two renames, or mid-export.
    if (!(await exists(dir)) && (await exists(old))) await rename(old, dir);
    await rm(next, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });

    const value = await fn({ dir, next, exists: await exists(join(dir, 'index.json')) });

    if (await exists(join(next, 'index.json'))) {
      if (await exists(dir)) await rename(dir, old);
      await rename(next, dir);
      await rm(old, { recursive: true, force: true });
    }
    return value;
  } finally {
    await rm(next, { recursive: true, force: true });
    await release();
  }
}

/** Removes a local cache (for a fresh build's reset, or prune), under its lock. */
export async function removeLocalCache(dir: string, o: { waitMs?: number } = {}): Promise<boolean> {
  if (!(await exists(dir)) && !(await exists(`${dir}.next`)) && !(await exists(`${dir}.old`)))
    return false;
  const release = await acquire(dir, o.waitMs ?? 60_000);
  try {
    for (const p of [dir, `${dir}.next`, `${dir}.old`])
      await rm(p, { recursive: true, force: true });
    return true;
  } finally {
    await release();
  }
}

async function acquire(dir: string, waitMs: number): Promise<() => Promise<void>> {
  const started = Date.now();
  // proper-lockfile: an mkdir lock refreshed while held, taken over when stale
  // (a crashed holder) — no hand-rolled PID checks.
  const retryEvery = 500;
  try {
    return await lockfile.lock(dir, {
      lockfilePath: `${dir}.lock`,
      realpath: false,
      stale: 30_000,
      update: 5_000,
      retries: {
        retries: Math.ceil(waitMs / retryEvery),
        factor: 1,
        minTimeout: retryEvery,
        maxTimeout: retryEvery,
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED')
      throw new CacheLockedError(dir, Date.now() - started);
    throw err;
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
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

/** {@link withLocalCache} over several directories at once (a bake of many images). */
export async function withLocalCaches<T>(
  dirs: readonly string[],
  fn: () => Promise<T>,
  o: { waitMs?: number } = {},
): Promise<T> {
  const [first, ...rest] = [...new Set(dirs)].sort();
  if (first === undefined) return fn();
  return withLocalCache(first, () => withLocalCaches(rest, fn, o), o);
}
