import { defaultLocalCacheDir } from '../image/cache-location';
import { configuredCacheDirs } from './local-caches';

const env = { NX_BUILDX_CACHE_DIR: '/c' };
const projects = {
  api: {
    root: 'apps/api',
    targets: {
      'docker-build': { executor: '@nx-buildx/docker:docker-build' },
      'docker-fresh': {
        executor: '@nx-buildx/docker:docker-fresh-build',
        options: { cacheDir: 'tools/api-cache' },
      },
      lint: { executor: 'nx:run-commands', options: { cacheDir: 'not/a/docker/cache' } },
    },
  },
  '@acme/Web': {
    root: 'apps/web',
    targets: {
      'docker-build': {
        executor: '@nx-buildx/docker:docker-build',
        options: { cacheDir: '/abs/web' },
      },
    },
  },
};

describe('configuredCacheDirs', () => {
  it("takes each build target's cacheDir (relative to the workspace) or the default under the cache root", () => {
    expect(configuredCacheDirs(projects, ['api', '@acme/Web'], '/ws', env).sort()).toEqual(
      [defaultLocalCacheDir('/ws', 'api', env), '/ws/tools/api-cache', '/abs/web'].sort(),
    );
    expect(defaultLocalCacheDir('/ws', 'api', env)).toMatch(/^\/c\/ws-[0-9a-f]{8}\/api$/);
  });

  it('only for the projects asked for', () => {
    expect(configuredCacheDirs(projects, ['@acme/Web'], '/ws', env)).toEqual(['/abs/web']);
  });
});
