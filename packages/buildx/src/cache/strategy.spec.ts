import { BuilderCapabilityError, InvalidOptionError } from '../errors/errors';
import { formatCacheEntry } from './entry';
import type { CacheStrategyInput } from './strategy';
import { runExportDir } from './local-layout';
import { resolveCacheStrategy } from './strategy';

const capable = {
  name: 'default',
  capabilities: { exportCache: true, loadMultiPlatform: true, multiPlatform: true },
};
const incapable = {
  name: 'default',
  capabilities: { exportCache: false, loadMultiPlatform: false, multiPlatform: false },
};
const base: CacheStrategyInput = {
  strategy: 'none',
  scope: 'api',
  imageRef: 'reg/api:latest',
  imageName: 'reg/api',
  push: false,
  localDir: '/cache/api',
  env: {},
  builder: capable,
};
const resolve = (o: Partial<CacheStrategyInput>) => {
  const r = resolveCacheStrategy({ ...base, ...o });
  return {
    strategy: r.strategy,
    from: r.cacheFrom.map(formatCacheEntry),
    to: r.cacheTo.map(formatCacheEntry),
    warnings: r.warnings,
    autoReason: r.autoReason,
  };
};
const gha = { GITHUB_ACTIONS: 'true', ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'u' };

describe('resolveCacheStrategy', () => {
  it.each([
    ['none', {}, [], []],
    ['inline', {}, ['type=registry,ref=reg/api:latest'], ['type=inline']],
    [
      'local',
      { localExists: true },
      ['type=local,src=/cache/api'],
      [`type=local,dest=${runExportDir('/cache/api')},mode=max`],
    ],
    [
      'local',
      { localExists: false },
      [],
      [`type=local,dest=${runExportDir('/cache/api')},mode=max`],
    ],
    [
      'registry',
      {},
      ['type=registry,ref=reg/api:buildcache'],
      ['type=registry,ref=reg/api:buildcache,mode=max'],
    ],
    [
      'registry',
      {
        registry: {
          ref: 'ecr/api:c',
          attrs: { 'image-manifest': 'true', 'oci-mediatypes': 'true' },
        },
      },
      ['type=registry,ref=ecr/api:c'],
      ['type=registry,ref=ecr/api:c,mode=max,image-manifest=true,oci-mediatypes=true'],
    ],
    ['gha', { env: gha }, ['type=gha,scope=api'], ['type=gha,scope=api,mode=max']],
    [
      's3',
      { s3: { bucket: 'b', region: 'r' } },
      ['type=s3,region=r,bucket=b,prefix=api/'],
      ['type=s3,region=r,bucket=b,prefix=api/,mode=max'],
    ],
  ] as const)('%s %j', (strategy, extra, from, to) => {
    expect(resolve({ strategy, ...extra })).toMatchObject({ strategy, from, to, warnings: [] });
  });

  it.each([
    [{}, 'none', /^not on CI/],
    [{ push: true }, 'none', /^not on CI/],
    [{ env: { CI: 'true' } }, 'local', /^on CI, not pushing$/],
    [{ env: { CI: 'true' }, push: true }, 'registry', /^on CI, pushing$/],
    [{ env: gha }, 'gha', /^on GitHub Actions$/],
    [{ env: gha, push: true }, 'gha', /^on GitHub Actions$/],
  ])('auto with %j picks %s and says why', (extra, strategy, why) => {
    const r = resolve({ strategy: 'auto', ...extra });
    expect(r.strategy).toBe(strategy);
    expect(r.autoReason).toMatch(why);
  });

  it('a named strategy has no auto reason', () => {
    expect(resolve({ strategy: 'none' }).autoReason).toBeUndefined();
  });

  it('auto on GitHub Actions without the runtime token explains why gha is not used', () => {
    const r = resolve({
      strategy: 'auto',
      env: { CI: 'true', GITHUB_ACTIONS: 'true' },
      push: true,
    });
    expect(r.strategy).toBe('registry');
    expect(r.warnings.join()).toMatch(
      /ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL not set.*crazy-max\/ghaction-github-runtime/,
    );
  });

  it('explicit gha without the runtime token is an error that says how to fix it', () => {
    expect(() => resolve({ strategy: 'gha', env: { GITHUB_ACTIONS: 'true' } })).toThrow(
      /needs ACTIONS_RUNTIME_TOKEN.*run:/,
    );
  });

  it('auto degrades to inline with a warning when the builder cannot export cache', () => {
    const r = resolve({ strategy: 'auto', env: { CI: 'true' }, builder: incapable });
    expect(r.strategy).toBe('inline');
    expect(r.autoReason).toMatch(/cannot export cache/);
    expect(r.warnings[0]).toMatch(/cannot export cache.*uses "inline" instead of "local"/);
  });

  it('auto on a developer machine exports nothing, so an incapable builder needs no warning', () => {
    expect(resolve({ strategy: 'auto', builder: incapable })).toMatchObject({
      strategy: 'none',
      from: [],
      to: [],
      warnings: [],
    });
  });

  it('an explicit exporting strategy on an incapable builder names the builder, capability and ways out', () => {
    let err: unknown;
    try {
      resolve({ strategy: 'registry', builder: incapable });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BuilderCapabilityError);
    expect((err as Error).message).toMatch(
      /Builder "default" cannot export build cache, which cacheStrategy "registry" needs/,
    );
    expect((err as Error).message).toMatch(
      /docker buildx create.*or choose another cache strategy/s,
    );
  });

  it.each([
    [{ strategy: 'local', localDir: undefined }, /needs a cache directory/],
    [{ strategy: 's3', s3: { bucket: 'b' } }, /needs cacheS3.bucket and cacheS3.region/],
    [{ strategy: 'registry', imageName: undefined }, /needs an image name or cacheRegistryRef/],
  ] as const)('%j is an invalid option', (o, message) => {
    expect(() => resolve(o as Partial<CacheStrategyInput>)).toThrow(InvalidOptionError);
    expect(() => resolve(o as Partial<CacheStrategyInput>)).toThrow(message);
  });
});
