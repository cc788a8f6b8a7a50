import { CACHE_STRATEGIES } from '@nx-buildx/buildx';
import { dockerfileVariant } from '../image/dockerfile-names';
import {
  normalizePluginOptions,
  PLUGIN_CACHE_STRATEGIES,
  pluginOptionsSchema,
} from './plugin-options';

it('offers the cache strategies the core knows, no more, no less', () => {
  expect([...PLUGIN_CACHE_STRATEGIES].sort()).toEqual([...CACHE_STRATEGIES].sort());
});

it('defaults the target names, the image name and Nx caching', () => {
  expect(normalizePluginOptions(undefined)).toEqual({
    buildTargetName: 'docker-build',
    freshTargetName: 'docker-fresh',
    imageName: '{projectName}',
    cache: false,
  });
});

it('names a bad target name', () => {
  expect(() => normalizePluginOptions({ buildTargetName: 'docker build' })).toThrow(
    '- buildTargetName: must be a target name',
  );
});

it.each([
  ['apps/a/Dockerfile', ''],
  ['apps/a/Dockerfile.worker', 'worker'],
  ['apps/a/Cron.Dockerfile', 'cron'],
  ['apps/a/Dockerfile.dockerignore', undefined],
  ['apps/a/Dockerfile.', undefined],
  ['apps/a/notDockerfile', undefined],
])('%s is variant %j', (file, variant) => {
  expect(dockerfileVariant(file)).toBe(variant);
});

it.each([
  [undefined],
  [{}],
  [{ registry: 'r:5000/t', tags: ['1', '{shortSha}'], cacheStrategy: 'local', cache: false }],
  [{ buildTargetName: 'image', freshTargetName: 'image:fresh', imageName: 'x-{projectName}' }],
  [{ registry: ' r:5000/t ', tags: [' 1'] }],
])('reads %j as the zod schema does', (raw) => {
  expect(normalizePluginOptions(raw)).toEqual(pluginOptionsSchema().parse(raw ?? {}));
});
