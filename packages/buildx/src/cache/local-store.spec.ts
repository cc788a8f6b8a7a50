// File-system behaviour of the local cache slot, on real temporary directories.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmdirSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UnsafeCacheDirError } from '../errors/cache-dir';
import { CacheLockedError } from '../errors/errors';
import { testdir } from '../testing/testdir';
import { removeLocalCache, withLocalCache } from './local-store';
import { CACHE_MARKER, hasCacheMarker, writeCacheMarker } from './marker';

async function fakeExport(dest: string, content: string, marked = true) {
  await mkdir(dest, { recursive: true });
  await writeFile(join(dest, 'index.json'), content);
  if (marked) await writeCacheMarker(dest);
}

/** The PID of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;

describe('withLocalCache', () => {
  let root: string;
  beforeEach(async () => {
    root = await testdir({});
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('exports into a marked per-run directory, swaps it in after success and leaves no sibling behind', async () => {
    const dir = join(root, 'cache/api');
    await withLocalCache(dir, async (slot) => {
      expect(slot.next).toMatch(new RegExp(`^${dir}\\.${process.pid}-[0-9a-f]{6}\\.next$`));
      expect(slot.exists).toBe(false);
      expect(await hasCacheMarker(slot.next)).toBe(true);
      await fakeExport(slot.next, 'one', false);
    });
    await withLocalCache(dir, async (slot) => {
      expect(slot.exists).toBe(true);
      await fakeExport(slot.next, 'two', false);
    });
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('two');
    expect(await hasCacheMarker(dir)).toBe(true);
    expect((await readdir(join(root, 'cache'))).sort()).toEqual(['api']);
  });

  it('keeps the previous cache untouched when the build fails', async () => {
    const dir = join(root, 'c');
    await fakeExport(dir, 'good');
    await expect(
      withLocalCache(dir, async (slot) => {
        await fakeExport(slot.next, 'half-written');
        throw new Error('build failed');
      }),
    ).rejects.toThrow('build failed');
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('good');
    expect((await readdir(root)).sort()).toEqual(['c']);
  });

  it('recovers a cache left as DIR.old by a crash between the two renames, and removes a dead run’s export', async () => {
    const dir = join(root, 'c');
    await fakeExport(`${dir}.old`, 'previous');
    await fakeExport(`${dir}.${deadPid()}-abcdef.next`, 'partial');
    await withLocalCache(dir, async (slot) => {
      expect(slot.exists).toBe(true);
      expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('previous');
    });
    expect((await readdir(root)).sort()).toEqual(['c']);
  });

  it('leaves an earlier run’s export alone while a process (an orphaned build) still writes into it, and says so', async () => {
    const dir = join(root, 'c');
    const orphanExport = `${dir}.${deadPid()}-0a0b0c.next`;
    await fakeExport(orphanExport, 'partial');
    const orphan = spawn(process.execPath, [
      '-e',
      'setTimeout(() => {}, 20000)',
      `dest=${orphanExport}`,
    ]);
    try {
      const lines: string[] = [];
      await withLocalCache(dir, async (slot) => fakeExport(slot.next, 'mine'), {
        onLine: (l) => lines.push(l),
      });
      expect(lines).toEqual([
        `an earlier build (PID ${orphan.pid}) is still exporting into ${orphanExport}; leaving it (it is removed by the next build after that one ends).`,
      ]);
      expect(await readFile(join(orphanExport, 'index.json'), 'utf8')).toBe('partial');
      expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('mine');
    } finally {
      orphan.kill();
    }
    await new Promise((r) => orphan.on('exit', r));
    await withLocalCache(dir, async () => undefined);
    expect((await readdir(root)).sort()).toEqual(['c']);
  });

  it('never removes an export directory without the marker, nor an unmarked DIR.old', async () => {
    const dir = join(root, 'c');
    const foreignNext = `${dir}.123-abcdef.next`;
    await fakeExport(foreignNext, 'not ours', false);
    await withLocalCache(dir, async (slot) => fakeExport(slot.next, 'one'));
    expect(await readFile(join(foreignNext, 'index.json'), 'utf8')).toBe('not ours');

    await fakeExport(`${dir}.old`, 'user data', false);
    await expect(
      withLocalCache(dir, async () => undefined, { workspaceRoot: '/nonexistent-ws' }),
    ).rejects.toThrow(UnsafeCacheDirError);
    expect(await readFile(join(`${dir}.old`, 'index.json'), 'utf8')).toBe('user data');
  });

  it('refuses a non-empty unmarked directory before taking the lock, and touches nothing', async () => {
    const dir = join(root, 'victim');
    await writeFile(join(root, 'keep.txt'), 'x');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const ran = jest.fn();
    await expect(withLocalCache(dir, ran, { workspaceRoot: '/nonexistent-ws' })).rejects.toThrow(
      /cacheDir ".*victim" is not empty and was not created by nx-buildx/,
    );
    expect(ran).not.toHaveBeenCalled();
    expect((await readdir(root)).sort()).toEqual(['keep.txt', 'victim']);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('adopts an empty directory by marking it', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir);
    await withLocalCache(dir, async (slot) => fakeExport(slot.next, 'one'), {
      workspaceRoot: '/nonexistent-ws',
    });
    expect((await readdir(dir)).sort()).toEqual([CACHE_MARKER, 'index.json']);
  });

  it('serialises two builds on one cache: the second says whom it waits for, then runs', async () => {
    const dir = join(root, 'c');
    const order: string[] = [];
    const lines: string[] = [];
    const first = withLocalCache(dir, async (slot) => {
      order.push('first:start');
      await new Promise((r) => setTimeout(r, 700));
      await fakeExport(slot.next, 'first');
      order.push('first:end');
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = withLocalCache(
      dir,
      async (slot) => {
        order.push('second:start');
        expect(slot.exists).toBe(true);
        await fakeExport(slot.next, 'second');
      },
      { onLine: (l) => lines.push(l) },
    );
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'first:end', 'second:start']);
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('second');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^waiting for the local cache ${dir}: it is locked by the build with PID ${process.pid} on ${hostname()} since 20\\d\\d-`,
        ),
      ),
    ]);
  });

  it('takes over at once the lock of a build that was killed, and says so', async () => {
    const dir = join(root, 'c');
    const pid = deadPid();
    await mkdir(`${dir}.lock/held`, { recursive: true });
    await writeFile(
      join(`${dir}.lock`, 'owner.json'),
      JSON.stringify({ pid, host: hostname(), since: '2026-11-28T01:00:00.000Z' }),
    );
    const lines: string[] = [];
    const started = Date.now();
    await withLocalCache(dir, async (slot) => fakeExport(slot.next, 'one'), {
      onLine: (l) => lines.push(l),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lines).toEqual([
      `taking over the lock of the local cache ${dir}: the build with PID ${pid} on ${hostname()} is no longer running.`,
    ]);
    expect((await readdir(root)).sort()).toEqual(['c']);
  });

  it('keeps the lock through several refreshes while the build runs (the owner record does not disturb them)', async () => {
    const dir = join(root, 'c');
    const lines: string[] = [];
    await withLocalCache(
      dir,
      async (slot) => {
        await new Promise((r) => setTimeout(r, 3500));
        await fakeExport(slot.next, 'one');
      },
      { staleMs: 2000, onLine: (l) => lines.push(l) },
    );
    expect(lines).toEqual([]);
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('one');
    expect((await readdir(root)).sort()).toEqual(['c']);
  });

  it('fails clearly, naming the holder, when the cache stays locked longer than it may wait', async () => {
    const dir = join(root, 'c');
    let release!: () => void;
    const holder = withLocalCache(dir, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    const waiting = withLocalCache(dir, async () => undefined, { waitMs: 600 });
    await expect(waiting).rejects.toThrow(CacheLockedError);
    await expect(waiting).rejects.toThrow(
      new RegExp(`in use by the build with PID ${process.pid}`),
    );
    release();
    await holder;
  });

  it('keeps the lock through a pause past the stale time when no other build took it (Ctrl-Z, fg)', async () => {
    const dir = join(root, 'c');
    const lines: string[] = [];
    await withLocalCache(
      dir,
      async (slot) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2600);
        await new Promise((r) => setTimeout(r, 1500));
        await fakeExport(slot.next, 'after the pause');
      },
      { staleMs: 2000, onLine: (l) => lines.push(l) },
    );
    expect(lines).toEqual([]);
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('after the pause');
  });

  it('survives a lock lost to another build during a pause past the stale time: no crash, no swap, says what happened', async () => {
    const dir = join(root, 'c');
    await fakeExport(dir, 'previous');
    const lines: string[] = [];
    const value = await withLocalCache(
      dir,
      async (slot) => {
        await fakeExport(slot.next, 'new');
        // Ctrl-Z: the process does not run at all, so the lock is not refreshed, and a
        // waiting build takes it over as stale (what proper-lockfile does: rmdir, mkdir).
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2600);
        rmdirSync(`${dir}.lock/held`);
        mkdirSync(`${dir}.lock/held`);
        await new Promise((r) => setTimeout(r, 1500)); // the refresh notices
        return 'built';
      },
      { staleMs: 2000, onLine: (l) => lines.push(l) },
    );
    expect(value).toBe('built');
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('previous');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning: lost the lock on the local cache ${dir} \\(.*\\): this build's cache export will be discarded`,
        ),
      ),
    ]);
    expect((await readdir(root)).sort()).toEqual(['c', 'c.lock']); // the lost lock is not ours to remove
  });

  it('removeLocalCache deletes a marked cache and its marked siblings, and nothing unmarked', async () => {
    const dir = join(root, 'c');
    await fakeExport(dir, 'x');
    await fakeExport(`${dir}.old`, 'y');
    expect(await removeLocalCache(dir)).toBe(true);
    expect(await readdir(root)).toEqual([]);
    expect(await removeLocalCache(dir)).toBe(false);
    await fakeExport(dir, 'user data', false);
    expect(await removeLocalCache(dir)).toBe(false);
    expect(await readdir(dir)).toEqual(['index.json']);
  });
});
