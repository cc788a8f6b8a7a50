import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLocalCacheDir, userCacheRoot, workspaceCacheFolder } from './cache-location';

const sha8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

describe('userCacheRoot', () => {
  it.each([
    [{ NX_BUILDX_CACHE_DIR: '/big/disk', XDG_CACHE_HOME: '/xdg' }, '/big/disk'],
    [{ XDG_CACHE_HOME: '/xdg' }, '/xdg/nx-buildx'],
    [{}, '/home/u/.cache/nx-buildx'],
  ])('%j → %s', (env, root) => expect(userCacheRoot(env, '/home/u')).toBe(root));
});

describe('workspaceCacheFolder', () => {
  it('keeps only characters BuildKit accepts in a cache path, the hash telling names apart', () => {
    expect(workspaceCacheFolder('/tmp/try ws ü')).toMatch(/^try_ws__-[0-9a-f]{8}$/);
    expect(workspaceCacheFolder('/tmp/try ws ü')).not.toBe(workspaceCacheFolder('/tmp/try ws ö'));
  });

  it('is the workspace name and 8 hex of the sha256 of its real path', () => {
    expect(workspaceCacheFolder('/src/shop')).toBe(`shop-${sha8('/src/shop')}`);
    expect(workspaceCacheFolder('/other/shop')).not.toBe(workspaceCacheFolder('/src/shop'));
  });
});

describe('defaultLocalCacheDir', () => {
  it('follows links to the real workspace path, so both spellings share one cache', () => {
    const base = mkdtempSync(join(tmpdir(), 'nx-buildx-loc-'));
    try {
      symlinkSync(base, join(base, 'link'));
      const env = { NX_BUILDX_CACHE_DIR: '/c' };
      expect(defaultLocalCacheDir(join(base, 'link'), 'acme/api', env)).toBe(
        defaultLocalCacheDir(base, 'acme/api', env),
      );
      expect(defaultLocalCacheDir(base, 'acme/api', env)).toMatch(
        /^\/c\/nx-buildx-loc-\w+-[0-9a-f]{8}\/acme\/api$/,
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
