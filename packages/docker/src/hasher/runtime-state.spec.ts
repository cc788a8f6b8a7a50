import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_BUILD, DOCKER_FRESH_BUILD } from '../lib/executor-names';
import type { ExecutorContext } from '@nx/devkit';
import { recordRunOptions } from './record-run-options';
import { NOT_CACHED, runtimeState } from './runtime-state';

let ws: string;
beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'nx-buildx-runtime-'));
});
afterAll(() => rm(ws, { recursive: true, force: true }));

async function graph(targets: Record<string, unknown>) {
  await mkdir(join(ws, '.nx/workspace-data'), { recursive: true });
  await mkdir(join(ws, 'apps/api'), { recursive: true });
  const nodes = { api: { name: 'api', type: 'app', data: { root: 'apps/api', targets } } };
  await writeFile(join(ws, '.nx/workspace-data/project-graph.json'), JSON.stringify({ nodes }));
}

describe('runtimeState', () => {
  it('prints a constant for a target Nx does not cache (it is never replayed)', async () => {
    await graph({ 'docker-build': { executor: DOCKER_BUILD, cache: false } });
    expect(await runtimeState(ws, 'apps/api', 'docker-build', {})).toBe(NOT_CACHED);
  });

  it('never repeats for a cached fresh build, a target not in the graph, or options the executor rejects', async () => {
    await graph({
      'docker-fresh': { executor: DOCKER_FRESH_BUILD, cache: true },
      'docker-build': { executor: DOCKER_BUILD, cache: true, options: { cacheStrategy: 'nope' } },
    });
    expect(await runtimeState(ws, 'apps/api', 'docker-fresh', {})).toMatch(
      /^uncacheable \(a fresh build is never replayed\) /,
    );
    expect(await runtimeState(ws, 'apps/api', 'docker-run', {})).toMatch(
      /^uncacheable \(no target docker-run of a project at apps\/api in the project graph\) /,
    );
    expect(await runtimeState(ws, 'apps/api', 'docker-build', {})).toMatch(
      /^uncacheable \(options the executor will reject\) /,
    );
  });

  it("never repeats when Nx's project graph cannot be read", async () => {
    await rm(join(ws, '.nx'), { recursive: true, force: true });
    expect(await runtimeState(ws, 'apps/api', 'docker-build', {})).toMatch(
      /^uncacheable \(Nx's project graph could not be read\) /,
    );
  });

  it('vouches for the images of every configuration: one hash serves them all', async () => {
    const ID = (c: string) => `sha256:${c.repeat(64)}`;
    await graph({
      'docker-build': {
        executor: DOCKER_BUILD,
        cache: true,
        options: { tags: ['latest'] },
        configurations: { prod: { tags: ['prod'] }, same: {} },
      },
    });
    await writeFile(join(ws, 'apps/api/Dockerfile'), `FROM busybox@sha256:${'e'.repeat(64)}\n`);
    const asked: string[][] = [];
    const imageIds = async (refs: readonly string[]) => {
      asked.push([...refs]);
      return refs.includes('api:prod') && missing ? undefined : refs.map(() => ID('a'));
    };
    let missing = false;
    expect(await runtimeState(ws, 'apps/api', 'docker-build', {}, { imageIds })).toBe(
      `images api:latest=${ID('a')}@unrecorded\nimages api:prod=${ID('a')}@unrecorded`,
    );
    expect(asked).toEqual([['api:latest'], ['api:prod'], ['api:latest']]);
    missing = true; // `docker rmi api:prod`: `nx run api:docker-build:prod` must not hit
    expect(await runtimeState(ws, 'apps/api', 'docker-build', {}, { imageIds })).toMatch(
      /\nuncacheable \(a tag or base image is not in the local engine\) /,
    );
  });

  it('vouches for the images of runs given other options on the command line, as recorded', async () => {
    const ID = `sha256:${'b'.repeat(64)}`;
    await graph({ 'docker-build': { executor: DOCKER_BUILD, cache: true, options: {} } });
    await writeFile(join(ws, 'apps/api/Dockerfile'), `FROM busybox@sha256:${'e'.repeat(64)}\n`);
    const context = {
      root: ws,
      projectsConfigurations: {
        version: 2,
        projects: {
          api: { root: 'apps/api', targets: { 'docker-build': { cache: true, options: {} } } },
        },
      },
    } as unknown as ExecutorContext;
    // `nx run api:docker-build --tags=x` ran once.
    recordRunOptions(context, { project: 'api', target: 'docker-build' }, { tags: ['x'] }, () => {
      throw new Error('not recorded');
    });
    let removed = false;
    const imageIds = async (refs: readonly string[]) =>
      refs.includes('api:x') && removed ? undefined : refs.map(() => ID);
    expect(await runtimeState(ws, 'apps/api', 'docker-build', {}, { imageIds })).toBe(
      `images api:latest=${ID}@unrecorded\nimages api:x=${ID}@unrecorded`,
    );
    removed = true; // `docker rmi api:x`: the next `--tags=x` run must not hit
    expect(await runtimeState(ws, 'apps/api', 'docker-build', {}, { imageIds })).toMatch(
      /\nuncacheable \(a tag or base image is not in the local engine\) /,
    );
  });
});
