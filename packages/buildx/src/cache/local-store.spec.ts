// File-system behaviour of the local cache slot, on real temporary directories.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheLockedError } from '../errors/errors';
import { testdir } from '../testing/testdir';
import { removeLocalCache, withLocalCache } from './local-store';

async function fakeExport(dest: string, content: string) {
  await mkdir(dest, { recursive: true });
  await writeFile(join(dest, 'index.json'), content);
}

describe('withLocalCache', () => {
  let root: string;
  beforeEach(async () => {
    root = await testdir({});
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('swaps the exported cache in after success and leaves no sibling behind', async () => {
    const dir = join(root, 'cache/api');
    await withLocalCache(dir, async (slot) => {
      expect(slot).toEqual({ dir, next: `${dir}.next`, exists: false });
      await fakeExport(slot.next, 'one');
    });
    await withLocalCache(dir, async (slot) => {
      expect(slot.exists).toBe(true);
      await fakeExport(slot.next, 'two');
    });
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('two');
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

  it('recovers a cache left as DIR.old by a crash between the two renames', async () => {
    const dir = join(root, 'c');
    await fakeExport(`${dir}.old`, 'previous');
    await fakeExport(`${dir}.next`, 'partial');
    await withLocalCache(dir, async (slot) => {
      expect(slot.exists).toBe(true);
      expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('previous');
    });
    expect((await readdir(root)).sort()).toEqual(['c']);
  });

  it('serialises two builds on one cache: the second waits for the first', async () => {
    const dir = join(root, 'c');
    const order: string[] = [];
    const first = withLocalCache(dir, async (slot) => {
      order.push('first:start');
      await new Promise((r) => setTimeout(r, 700));
      await fakeExport(slot.next, 'first');
      order.push('first:end');
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = withLocalCache(dir, async (slot) => {
      order.push('second:start');
      expect(slot.exists).toBe(true);
      await fakeExport(slot.next, 'second');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'first:end', 'second:start']);
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe('second');
  });

  it('fails clearly when the cache stays locked longer than it may wait', async () => {
    const dir = join(root, 'c');
    let release!: () => void;
    const holder = withLocalCache(dir, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    await expect(withLocalCache(dir, async () => undefined, { waitMs: 600 })).rejects.toThrow(
      CacheLockedError,
    );
    await expect(withLocalCache(dir, async () => undefined, { waitMs: 600 })).rejects.toThrow(
      /in use by another build/,
    );
    release();
    await holder;
  });

  it('removeLocalCache deletes the cache and its siblings', async () => {
    const dir = join(root, 'c');
    await fakeExport(dir, 'x');
    await fakeExport(`${dir}.next`, 'y');
    expect(await removeLocalCache(dir)).toBe(true);
    expect(await readdir(root)).toEqual([]);
    expect(await removeLocalCache(dir)).toBe(false);
  });
});
