// bakeImages against the real engine: two images in one bake, each with its own local
// cache. Does not prune the engine's build cache (other builds share the engine).
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BakeFailedError } from '../errors/bake';
import { InvalidOptionError } from '../errors/errors';
import { runImage } from '../testing/container';
import { execaRunner } from '../process/execa-runner';
import { LOCAL_REGISTRY, testdir, uniqueName, writeTree } from '../testing/testdir';
import type { BakeImageInput } from './images';
import { bakeImages } from './images';

jest.setTimeout(300_000);
const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;

describe('bakeImages against the real engine', () => {
  const id = uniqueName('bkimg');
  const baseTag = `nx-buildx-int/${id}-base:1`;
  const appTag = `nx-buildx-int/${id}-app:1`;
  let dir: string;
  const cacheOf = (name: string) => join(dir, 'caches', name);
  const image = (name: string, tag: string): BakeImageInput => ({
    build: { context: name, tags: [tag], load: true, progress: 'plain' },
    cache: { strategy: 'local', scope: name, push: false, localDir: cacheOf(name) },
  });
  const images = () => ({ base: image('base', baseTag), app: image('app', appTag) });
  const index = (name: string) => readFile(join(cacheOf(name), 'index.json'), 'utf8');

  beforeAll(async () => {
    dir = await testdir({
      'base/Dockerfile': `FROM ${BUSYBOX}\nRUN echo "base ${id}" > /base.txt\nCMD ["cat", "/base.txt"]\n`,
      'app/Dockerfile': `FROM ${BUSYBOX}\nRUN echo "app ${id}" > /app.txt\nCMD ["cat", "/app.txt"]\n`,
    });
  });
  afterAll(async () => {
    await execaRunner.run('docker', ['image', 'rm', '--force', baseTag, appTag]);
    await rm(dir, { recursive: true, force: true });
  });

  it('builds both in one run and swaps in both caches', async () => {
    const lines: string[] = [];
    const result = await bakeImages(
      { images: images(), bakeFile: 'bake.json', run: { progress: 'plain' } },
      { cwd: dir, onLine: (l) => lines.push(l) },
    );
    expect(result.ok).toBe(true);
    expect(result.images.base).toMatchObject({
      status: 'built',
      cache: { strategy: 'local' },
      metadata: { digest: expect.stringMatching(/^sha256:/) },
    });
    expect(result.images.app.status).toBe('built');
    // One step of each ran, and each target's output holds its own step only.
    expect(result.steps).toMatchObject({ run: 2, cached: 0 });
    for (const name of ['base', 'app'] as const) {
      const built = result.images[name];
      expect(built.status === 'built' && built.steps).toEqual({ run: 1, cached: 0 });
    }
    expect(result.images.app.output.some((l) => l.includes(`RUN echo "app ${id}"`))).toBe(true);
    expect(result.images.base.output.some((l) => l.includes(`RUN echo "app ${id}"`))).toBe(false);
    // The plugin adds no build context of its own.
    expect(
      JSON.parse(await readFile(join(dir, 'bake.json'), 'utf8')).target.app,
    ).not.toHaveProperty('contexts');
    expect((await runImage(baseTag)).trim()).toBe(`base ${id}`);
    expect((await runImage(appTag)).trim()).toBe(`app ${id}`);
    for (const name of ['base', 'app']) expect(JSON.parse(await index(name))).toBeTruthy();
    expect((await readdir(join(dir, 'caches'))).sort()).toEqual(['app', 'base']);
  });

  it('leaves both caches untouched when one target fails, and names the failing target', async () => {
    const before = { base: await index('base'), app: await index('app') };
    // The base changes too (a new cache to export), the app fails.
    await writeTree(dir, {
      'base/Dockerfile': `FROM ${BUSYBOX}\nRUN echo "base ${id} v2" > /base.txt\n`,
      'app/Dockerfile': `FROM ${BUSYBOX}\nRUN echo "app fails" && exit 7\n`,
    });
    const result = await bakeImages({ images: images() }, { cwd: dir });

    expect(result.ok).toBe(false);
    expect(result.images.app.status).toBe('failed');
    expect(result.images.base.status).toBe('not-built');
    expect(result.error).toBeInstanceOf(BakeFailedError);
    expect((result.error as BakeFailedError).failed).toEqual(['app']);
    expect(result.error?.message).toMatch(
      /^bake target "app" failed; not built because of it: base/,
    );
    expect(result.error?.message).toMatch(/exit code: 7/);
    expect({ base: await index('base'), app: await index('app') }).toEqual(before);
    // Nothing of this run left beside the caches (its exports, locks).
    expect((await readdir(join(dir, 'caches'))).sort()).toEqual(['app', 'base']);
    // The last good image is still there.
    expect((await runImage(appTag)).trim()).toBe(`app ${id}`);
  });

  it('isolated (one task per image): a failed or refused image fails alone, the others are built', async () => {
    const otherTag = `nx-buildx-int/${id}-other:1`;
    await writeTree(dir, {
      'base/Dockerfile': `FROM ${BUSYBOX}\nRUN echo "base ${id} v3" > /base.txt\n`,
      'app/Dockerfile': `FROM ${BUSYBOX}\nRUN echo "app fails" && exit 7\n`,
      'other/Dockerfile': `FROM ${BUSYBOX}\nRUN sleep 2 && echo "other ${id}" > /other.txt\nCMD ["cat", "/other.txt"]\n`,
      'secret/Dockerfile': `FROM ${BUSYBOX}\n`,
    });
    const before = { base: await index('base'), app: await index('app') };
    try {
      const result = await bakeImages(
        {
          isolate: true,
          images: {
            ...images(),
            other: image('other', otherTag),
            secret: {
              ...image('secret', `nx-buildx-int/${id}-secret:1`),
              build: {
                context: 'secret',
                secrets: [{ id: 's', env: 'NX_BUILDX_INT_UNSET_SECRET' }],
              },
            },
          },
        },
        { cwd: dir, env: { NX_BUILDX_INT_UNSET_SECRET: undefined } },
      );
      const status = Object.fromEntries(
        Object.entries(result.images).map(([n, o]) => [n, o.status]),
      );
      expect(status).toEqual({
        base: 'built',
        app: 'failed',
        other: 'built',
        secret: 'failed',
      });
      expect(result.ok).toBe(false);
      const err = (n: keyof typeof result.images) => {
        const o = result.images[n];
        return o.status === 'built' ? undefined : o.error;
      };
      expect(err('app')).toBeInstanceOf(BakeFailedError);
      expect(err('app')?.message).toMatch(/^bake target "app" failed\.\n.*exit code: 7/s);
      expect(err('secret')).toBeInstanceOf(InvalidOptionError);
      expect(err('secret')?.message).toMatch(/secrets of secret/);
      // The images that did not fail were built, and their caches swapped in; the
      // failed one's cache is as it was, and the others never got one.
      expect((await runImage(otherTag)).trim()).toBe(`other ${id}`);
      expect(await index('base')).not.toEqual(before.base);
      expect(await index('app')).toEqual(before.app);
      expect(JSON.parse(await index('other'))).toBeTruthy();
      expect((await readdir(join(dir, 'caches'))).sort()).toEqual(['app', 'base', 'other']);
    } finally {
      await execaRunner.run('docker', ['image', 'rm', '--force', otherTag]);
    }
  });
});
