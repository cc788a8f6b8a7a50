import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type * as Lockfile from 'proper-lockfile';
import { CacheLockedError } from '../errors/errors';
import { cacheLockDir } from './local-layout';

/** Who holds a cache lock: written into the lock directory right after it is taken. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
}

export interface CacheLock {
  /** Set when the lock was lost while held (paused past the stale time, or taken over). */
  lost(): Error | undefined;
  release(): Promise<void>;
}

export interface CacheLockOptions {
  /** How long to wait for another build's lock. Default 10 minutes. */
  waitMs?: number;
  /** A lock not refreshed for this long belongs to a dead or paused build. Default 30 s. */
  staleMs?: number;
  /** Told once when the build starts waiting, and when it takes a dead build's lock over. */
  onWait?: (message: string) => void;
  /** Told when the lock is lost while held. */
  onLost?: (message: string) => void;
}

const OWNER_FILE = 'owner.json';
const RETRY_MS = 250;

/**
 * Locks the local cache `dir`. proper-lockfile gives the atomic mkdir lock
 * (`DIR.lock/held`), its refresh and the detection of a lost lock; beside it,
 * `DIR.lock/owner.json` records who holds it (not inside `held`, whose mtime is the
 * refresh), so a waiting build says whom it waits for and takes over at once the lock of
 * a process that is gone (SIGKILL) instead of waiting out the stale time in silence.
 */
export async function lockCache(dir: string, o: CacheLockOptions = {}): Promise<CacheLock> {
  const container = cacheLockDir(dir);
  const held = join(container, 'held');
  const ownerFile = join(container, OWNER_FILE);
  const waitMs = o.waitMs ?? 10 * 60_000;
  const staleMs = o.staleMs ?? 30_000;
  const started = Date.now();
  let told = false;
  for (;;) {
    let lostError: Error | undefined;
    await mkdir(container, { recursive: true });
    try {
      const release = await lockfile().lock(dir, {
        lockfilePath: held,
        realpath: false,
        stale: staleMs,
        update: Math.max(1000, Math.floor(staleMs / 6)),
        retries: 0,
        // The default throws from a timer: an uncaught ECOMPROMISED crash after Ctrl-Z.
        onCompromised: (err) => {
          lostError = err;
          o.onLost?.(
            `lost the lock on the local cache ${dir} (${err.message}): this build's cache export will be discarded and ${dir} left as it is.`,
          );
        },
      });
      // A record left behind means proper-lockfile took over a lock not refreshed in time.
      const previous = await readOwner(container);
      if (previous)
        o.onWait?.(
          `took over the lock of the local cache ${dir} from ${holderOf(previous)} (held since ${previous.since}), which stopped refreshing it.`,
        );
      const owner: LockOwner = {
        pid: process.pid,
        host: hostname(),
        since: new Date().toISOString(),
      };
      await writeFile(ownerFile, JSON.stringify(owner));
      return {
        lost: () => lostError,
        release: async () => {
          if (lostError) return; // the lock may be another build's now: touch nothing
          await rm(ownerFile, { force: true });
          await release().catch(() => undefined);
          await rmdir(container).catch(() => undefined); // another build may be in it already
        },
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOENT: the container went away between mkdir and lock (a release): try again.
      if (code === 'ENOENT') continue;
      if (code !== 'ELOCKED') throw err;
    }

    const owner = await readOwner(container);
    const mtime = (await stat(held).catch(() => undefined))?.mtimeMs;
    if (mtime === undefined) continue; // released in between
    const gone = lockGone(owner, mtime, {
      now: Date.now(),
      host: hostname(),
      staleMs,
      alive: isAlive,
    });
    if (gone) {
      o.onWait?.(`taking over the lock of the local cache ${dir}: ${holderOf(owner)} ${gone}.`);
      await breakLock(container, owner);
      continue;
    }
    if (!told) {
      told = true;
      o.onWait?.(
        `waiting for the local cache ${dir}: it is locked by ${holderOf(owner)}${owner ? ` since ${owner.since}` : ''} ` +
          `(lock ${container}); waiting up to ${Math.round(waitMs / 1000)}s.`,
      );
    }
    if (Date.now() - started >= waitMs)
      throw new CacheLockedError(dir, Date.now() - started, holderOf(owner));
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}

/**
 * Why a lock held by `owner` (last refreshed at `mtime`) can be taken over, or undefined
 * while its owner may still be working: a process on this host that no longer exists, or
 * no refresh for `staleMs` (a crash on another host, or a build paused with Ctrl-Z).
 */
export function lockGone(
  owner: LockOwner | undefined,
  mtime: number,
  at: { now: number; host: string; staleMs: number; alive: (pid: number) => boolean },
): string | undefined {
  if (owner && owner.host === at.host && !at.alive(owner.pid)) return 'is no longer running';
  if (at.now - mtime > at.staleMs)
    return `has not refreshed it for ${Math.round((at.now - mtime) / 1000)}s`;
  return undefined;
}

export function holderOf(owner: LockOwner | undefined): string {
  return owner ? `the build with PID ${owner.pid} on ${owner.host}` : 'another build';
}

async function readOwner(container: string): Promise<LockOwner | undefined> {
  try {
    const o = JSON.parse(await readFile(join(container, OWNER_FILE), 'utf8')) as LockOwner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes a dead owner's lock. Renaming first makes the removal one atomic step, and the
 * owner is read again just before, so a lock another waiter took over meanwhile is kept.
 */
async function breakLock(lockPath: string, judged: LockOwner | undefined): Promise<void> {
  const now = await readOwner(lockPath);
  if (JSON.stringify(now) !== JSON.stringify(judged)) return;
  const aside = `${lockPath}.${randomBytes(4).toString('hex')}.stale`;
  if (
    await rename(lockPath, aside).then(
      () => true,
      () => false,
    )
  )
    await rm(aside, { recursive: true, force: true });
}

/** Whether process `pid` exists on this host (a zombie does not count). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
  }
}

/** proper-lockfile (with graceful-fs), loaded by the builds that use a local cache only. */
function lockfile(): typeof Lockfile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('proper-lockfile') as typeof Lockfile;
}
