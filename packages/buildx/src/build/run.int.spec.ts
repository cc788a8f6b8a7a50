// Against the real engine and the local registry that tools/docker-engine/ensure starts.
import { rm } from 'node:fs/promises';
import { removeImages, runImage } from '../testing/container';
import { registryManifest, registryTags } from '../testing/registry';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';
import { runBuild } from './run';

const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;
jest.setTimeout(180_000);

describe('runBuild against the real engine', () => {
  const dirs: string[] = [];
  const images: string[] = [];
  afterAll(async () => {
    await removeImages(images);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('builds a two-stage Dockerfile with --load and the image runs the second stage', async () => {
    const marker = uniqueName('two-stage');
    const dir = await testdir({
      Dockerfile: [
        `FROM ${BUSYBOX} AS build`,
        `RUN echo "built ${marker}" > /artifact.txt`,
        `FROM ${BUSYBOX}`,
        'COPY --from=build /artifact.txt /artifact.txt',
        'CMD ["cat", "/artifact.txt"]',
        '',
      ].join('\n'),
    });
    dirs.push(dir);
    const tag = `nx-buildx-test/${marker}:latest`;
    images.push(tag);

    const lines: string[] = [];
    const result = await runBuild(
      { context: dir, tags: [tag], load: true },
      { onLine: (l) => lines.push(l) },
    );

    expect(result.metadata.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.steps.run).toBe(2); // the RUN and the COPY --from
    expect(result.steps.cached).toBe(0);
    expect(lines.some((l) => l.includes('RUN echo'))).toBe(true);
    expect((await runImage(tag)).trim()).toBe(`built ${marker}`);
  });

  it('pushes to the local registry, where the tag can be read back over its HTTP API', async () => {
    const repo = `nx-buildx-test/${uniqueName('push')}`;
    const dir = await testdir({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo pushed > /pushed\n` });
    dirs.push(dir);

    const result = await runBuild({
      context: dir,
      tags: [`${LOCAL_REGISTRY}/${repo}:v1`],
      push: true,
    });

    expect(await registryTags(LOCAL_REGISTRY, repo)).toEqual(['v1']);
    const manifest = await registryManifest(LOCAL_REGISTRY, repo, 'v1');
    expect(manifest.digest).toBe(result.metadata.digest);
  });
});
