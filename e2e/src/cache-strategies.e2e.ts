// Scenario 2 — cache strategies local and registry through `nx run`, and the
// cross-machine case: a second engine gets its layers from the registry cache.
import { runImage } from '../../packages/buildx/src/testing/container';
import type { SecondEngine } from './second-engine';
import { startSecondEngine } from './second-engine';
import {
  addProject,
  BUSYBOX,
  LOCAL_REGISTRY,
  metadataOf,
  nxOk,
  unique,
  writeFiles,
} from './workspace';

jest.setTimeout(900_000);

const dockerfile = [
  `FROM ${BUSYBOX}`,
  'RUN echo deps > /deps.txt && sleep 1',
  'RUN echo more-deps > /more.txt',
  'COPY src/message.txt /message.txt',
  'RUN cat /deps.txt /message.txt > /out.txt',
  'CMD ["cat", "/out.txt"]',
  '',
].join('\n');

async function project(strategy: 'local' | 'registry') {
  const name = unique(strategy);
  const root = `apps/${name}`;
  const options = {
    context: root,
    registry: `${LOCAL_REGISTRY}/e2e`,
    cacheStrategy: strategy,
    push: strategy === 'registry',
  };
  await addProject(
    root,
    { 'docker-build': { executor: '@nx-buildx/docker:docker-build', options } },
    { Dockerfile: dockerfile, 'src/message.txt': 'v1' },
  );
  return { name, root, image: `${LOCAL_REGISTRY}/e2e/${name}:latest` };
}

async function pruneEngineCache(env: Record<string, string> = {}) {
  await nxOk(['run', 'e2e-prune:prune'], env);
}

describe('cache strategies', () => {
  beforeAll(async () => {
    await addProject('tools/e2e-prune', {
      prune: {
        executor: '@nx-buildx/docker:docker-prune',
        options: { all: true, includeBuilderCache: true },
      },
    });
  });

  it.each(['local', 'registry'] as const)(
    '%s: a rebuild after the engine cache is pruned is all CACHED; a source change rebuilds only the layers after it',
    async (strategy) => {
      const p = await project(strategy);
      await pruneEngineCache(); // the other case built the same layers
      await nxOk(['run', `${p.name}:docker-build`]);
      expect(await metadataOf(p.root)).toMatchObject({
        cacheStrategy: strategy,
        steps: { run: 4, cached: 0 },
      });

      await pruneEngineCache();
      await nxOk(['run', `${p.name}:docker-build`]);
      expect((await metadataOf(p.root)).steps).toEqual({ run: 0, cached: 4 });

      await writeFiles({ [`${p.root}/src/message.txt`]: 'v2' });
      await pruneEngineCache();
      await nxOk(['run', `${p.name}:docker-build`]);
      expect((await metadataOf(p.root)).steps).toEqual({ run: 2, cached: 2 });
      expect((await runImage(p.image)).trim()).toBe('deps\nv2');
    },
  );

  describe('on a second engine (another CI runner)', () => {
    let engine: SecondEngine | undefined;
    afterAll(() => engine?.stop());

    it('registry: a build on the second engine gets its layers from the registry cache the first engine pushed', async () => {
      const p = await project('registry');
      await nxOk(['run', `${p.name}:docker-build`]);
      engine = await startSecondEngine({ containerdStore: true });

      const second = await nxOk(['run', `${p.name}:docker-build`], { DOCKER_HOST: engine.host });
      expect((await metadataOf(p.root)).steps).toEqual({ run: 0, cached: 4 });
      expect(second.output).toMatch(
        /importing cache manifest from 127\.0\.0\.1:5000\/e2e\/.*:buildcache/,
      );
    });
  });
});
