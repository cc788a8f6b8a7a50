// The local cache's marker and refusals on the real engine: BuildKit's local exporter
// keeps the marker of the directory it exports into, and a refused directory is refused
// before docker runs. Does not prune the engine's build cache.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImage } from '../build/image';
import { UnsafeCacheDirError } from '../errors/cache-dir';
import type { ProcessRunner } from '../process/runner';
import { execaRunner } from '../process/execa-runner';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';
import { CACHE_MARKER } from './marker';

jest.setTimeout(180_000);
const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;

describe('local cache marker against the real engine', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  const app = async (marker: string) => {
    const dir = await testdir({
      'ctx/Dockerfile': `FROM ${BUSYBOX}\nRUN echo ${marker} > /m\n`,
    });
    dirs.push(dir);
    return dir;
  };
  /** The real runner, recording every docker command it is asked to run. */
  const recording = (calls: string[]): ProcessRunner => ({
    run: (file, args, o) => {
      calls.push([file, ...args].join(' '));
      return execaRunner.run(file, args, o);
    },
  });

  it('the exported cache keeps the marker of the per-run directory it was exported into, and nothing else is left', async () => {
    const marker = uniqueName('marker');
    const dir = await app(marker);
    const cacheDir = join(dir, 'caches/app');
    const build = () =>
      buildImage(
        {
          build: { context: join(dir, 'ctx'), outputs: ['type=cacheonly'] },
          cache: { strategy: 'local', scope: marker, push: false, localDir: cacheDir },
        },
        { cwd: dir },
      );
    await build();
    expect((await readdir(cacheDir)).sort()).toEqual([
      CACHE_MARKER,
      'blobs',
      'index.json',
      'ingest',
      'oci-layout',
    ]);
    const second = await build();
    expect(second.steps).toMatchObject({ run: 0 });
    expect(await readdir(join(dir, 'caches'))).toEqual(['app']);
  });

  it('an unmarked folder with files is refused before any docker build runs', async () => {
    const dir = await app(uniqueName('refused'));
    const victim = join(dir, 'tools/victim');
    await mkdir(victim, { recursive: true });
    await writeFile(join(victim, 'notes.txt'), 'mine');
    const calls: string[] = [];
    await expect(
      buildImage(
        {
          build: { context: join(dir, 'ctx'), outputs: ['type=cacheonly'] },
          cache: { strategy: 'local', scope: 'x', push: false, localDir: victim },
        },
        { cwd: dir, runner: recording(calls) },
      ),
    ).rejects.toThrow(UnsafeCacheDirError);
    expect(calls.filter((c) => c.includes(' build '))).toEqual([]);
    expect(await readdir(victim)).toEqual(['notes.txt']);
    expect((await readdir(join(dir, 'tools'))).sort()).toEqual(['victim']);
  });
});
