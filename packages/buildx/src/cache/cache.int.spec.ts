// Cache strategies against the real engine. Between builds the engine's own build
// cache is pruned, so a CACHED step can only have come from the strategy's store.
import { randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImage } from '../build/image';
import { removeImages, runImage } from '../testing/container';
import { registryManifest, registryTags } from '../testing/registry';
import { directorySize, pruneAllBuildCache } from '../testing/engine';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';

jest.setTimeout(600_000);
const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;

async function app(marker: string) {
  return testdir({
    Dockerfile: [
      `FROM ${BUSYBOX}`,
      `RUN echo "deps ${marker}" > /deps.txt && sleep 1`,
      'COPY message.txt /message.txt',
      'RUN cat /deps.txt /message.txt > /out.txt',
      'CMD ["cat", "/out.txt"]',
      '',
    ].join('\n'),
    'message.txt': 'v1',
    '.dockerignore': '.cache\n', // the cache dirs below live in the context
  });
}

describe('cache strategies against the real engine', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const fn of cleanup) await fn();
  });

  it('local: a rebuild after a prune takes its layers from the cache directory; a source change rebuilds only the layers after it', async () => {
    const marker = uniqueName('local');
    const dir = await app(marker);
    const cacheDir = join(dir, '.cache/app');
    const tag = `nx-buildx-test/${marker}:latest`;
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => removeImages([tag]),
    );
    const build = () =>
      buildImage({
        build: { context: dir, tags: [tag], load: true },
        cache: { strategy: 'local', scope: marker, push: false, localDir: cacheDir },
      });

    const first = await build();
    expect(first.steps).toMatchObject({ run: 3, cached: 0 });
    expect(first.cache.strategy).toBe('local');

    await pruneAllBuildCache();
    const second = await build();
    expect(second.steps).toMatchObject({ run: 0, cached: 3 });

    await writeFile(join(dir, 'message.txt'), 'v2');
    await pruneAllBuildCache();
    const third = await build();
    expect(third.steps).toMatchObject({ run: 2, cached: 1 }); // COPY and the RUN after it
    expect((await runImage(tag)).trim()).toBe(`deps ${marker}\nv2`);
  });

  it('registry: the cache lives at <image>:buildcache and a rebuild after a prune reads it', async () => {
    const marker = uniqueName('registry');
    const dir = await app(marker);
    const repo = `nx-buildx-test/${marker}`;
    const image = `${LOCAL_REGISTRY}/${repo}`;
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => removeImages([`${image}:latest`]),
    );
    const build = () =>
      buildImage({
        build: { context: dir, tags: [`${image}:latest`], push: true },
        cache: { strategy: 'registry', scope: marker, push: true, imageName: image },
      });

    expect((await build()).steps).toMatchObject({ run: 3, cached: 0 });
    expect((await registryTags(LOCAL_REGISTRY, repo)).sort()).toEqual(['buildcache', 'latest']);

    await pruneAllBuildCache();
    expect((await build()).steps).toMatchObject({ run: 0, cached: 3 });

    await writeFile(join(dir, 'message.txt'), 'v2');
    await pruneAllBuildCache();
    expect((await build()).steps).toMatchObject({ run: 2, cached: 1 });
    expect((await runImage(`${image}:latest`)).trim()).toBe(`deps ${marker}\nv2`);
  });

  it('registry: the attributes ECR needs (image-manifest, oci-mediatypes) give an OCI image-manifest cache', async () => {
    const marker = uniqueName('ecr');
    const dir = await app(marker);
    const repo = `nx-buildx-test/${marker}`;
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const registry = { attrs: { 'image-manifest': 'true', 'oci-mediatypes': 'true' } };
    const build = () =>
      buildImage({
        build: { context: dir, outputs: ['type=cacheonly'] },
        cache: {
          strategy: 'registry',
          scope: marker,
          push: true,
          imageName: `${LOCAL_REGISTRY}/${repo}`,
          registry,
        },
      });

    await build();
    expect((await registryManifest(LOCAL_REGISTRY, repo, 'buildcache')).mediaType).toBe(
      'application/vnd.oci.image.manifest.v1+json',
    );
    await pruneAllBuildCache();
    expect((await build()).steps).toMatchObject({ run: 0, cached: 3 });
  });

  it('local: 20 rebuilds with changing sources keep the cache directory within 1.5x of its size after the first', async () => {
    const marker = uniqueName('bounded');
    const dir = await testdir({
      Dockerfile: [
        `FROM ${BUSYBOX}`,
        'COPY payload.bin /payload.bin',
        'RUN cat /payload.bin /payload.bin > /double.bin',
        '',
      ].join('\n'),
      'payload.bin': '',
      '.dockerignore': '.cache\n',
    });
    const cacheDir = join(dir, '.cache/bounded');
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const payload = () => writeFile(join(dir, 'payload.bin'), randomBytes(256 * 1024));
    const build = () =>
      buildImage({
        build: { context: dir, outputs: ['type=cacheonly'] },
        cache: { strategy: 'local', scope: marker, push: false, localDir: cacheDir },
      });

    await payload();
    await build();
    const first = await directorySize(cacheDir);
    let largest = first;
    for (let i = 1; i < 20; i++) {
      await payload();
      await build();
      largest = Math.max(largest, await directorySize(cacheDir));
    }
    const ratio = largest / first;
    console.log(
      `local cache: ${first} bytes after the first build, at most ${largest} bytes over 20 builds (${ratio.toFixed(2)}x)`,
    );
    expect(ratio).toBeLessThanOrEqual(1.5);
  });

  it('local: two builds started together on one cache directory both succeed and leave one valid cache', async () => {
    const marker = uniqueName('concurrent');
    const dir = await app(marker);
    const cacheDir = join(dir, '.cache/shared');
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const build = (tag: string) =>
      buildImage({
        build: { context: dir, tags: [tag], load: true },
        cache: { strategy: 'local', scope: marker, push: false, localDir: cacheDir },
      });
    const tags = [`nx-buildx-test/${marker}:a`, `nx-buildx-test/${marker}:b`];
    cleanup.push(() => removeImages(tags));

    const results = await Promise.all(tags.map(build));

    expect(results.map((r) => r.metadata.digest)).toEqual([
      expect.stringMatching(/^sha256:/),
      expect.stringMatching(/^sha256:/),
    ]);
    expect((await readdir(join(dir, '.cache'))).sort()).toEqual(['shared']);
    await pruneAllBuildCache();
    expect((await build(tags[0] as string)).steps).toMatchObject({ run: 0, cached: 3 });
  });
});
