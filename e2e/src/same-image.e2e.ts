// Issue 17: every path builds the same image. A workspace whose images use `network`,
// `target`, `buildArgs`, `secrets`, `platforms`, `buildContexts` and `context`, and one image built on
// another project's image, is built one task per image, then with --batch, then by a
// fromGraph docker-bake target, and each path must give the same image IDs. Each RUN
// writes a random value, so an image is only the same when its steps were the same
// build (cache hits of the first path's steps): an option a path dropped or changed, or a
// base handed over differently (a `target:` context), gives another ID.
import { execaRunner } from '@nx-buildx/buildx';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeImages } from '../../packages/buildx/src/testing/container';
import { bakesOf } from './git-history';
import type { OwnWorkspace } from './own-workspace';
import { ownWorkspace } from './own-workspace';
import { BUSYBOX, LOCAL_REGISTRY, unique } from './workspace';

jest.setTimeout(300_000);

const id = unique('same');
const registry = `${LOCAL_REGISTRY}/e2e`;
const name = (p: string) => `${id}-${p}`;
const image = (p: string) => `${registry}/${name(p)}:latest`;
const IMAGES = ['base', 'app', 'multi'];
const ENV = { SAME_IMAGE_TOKEN: 'not-in-the-image' };
const random = 'cat /proc/sys/kernel/random/uuid';
let ws: OwnWorkspace;

const project = (p: string, options: Record<string, unknown>) =>
  JSON.stringify({ name: name(p), targets: { 'docker-build': { options } } }, null, 2);

const report = async (p: string) =>
  JSON.parse(await readFile(join(ws.root, `dist/docker/${p}/metadata.json`), 'utf8')) as {
    digest?: string;
    steps?: { run: number; cached: number };
  };

/** What each path left: the digest in each image's report, and the engine's image IDs. */
async function images(): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const p of IMAGES) ids[`${p} report`] = (await report(p)).digest ?? '(none)';
  for (const p of ['base', 'app']) {
    const r = await execaRunner.run('docker', ['image', 'inspect', '-f', '{{.Id}}', image(p)]);
    ids[`${p} engine`] = r.stdout.trim();
  }
  return ids;
}

beforeAll(async () => {
  ws = await ownWorkspace(
    {
      plugins: [{ plugin: '@nx-buildx/docker', options: { registry, cacheStrategy: 'none' } }],
    },
    {
      // target + buildArgs: the base is the `final` stage, made with FLAVOUR.
      'base/project.json': project('base', { target: 'final', buildArgs: { FLAVOUR: 'mint' } }),
      'base/Dockerfile':
        `FROM ${BUSYBOX} AS build\nARG FLAVOUR\nRUN echo "base $FLAVOUR $(${random})" > /base.txt\n` +
        `FROM ${BUSYBOX} AS final\nCOPY --from=build /base.txt /base.txt\n` +
        `FROM final AS debug\nRUN echo debug > /debug.txt\n`,
      // network (only the host's loopback reaches the registry), secrets, buildContexts,
      // and FROM the base project's image.
      'app/project.json': project('app', {
        network: 'host',
        secrets: [{ id: 'token', env: 'SAME_IMAGE_TOKEN' }],
        buildContexts: { extra: 'extra' },
      }),
      'app/Dockerfile':
        `FROM ${image('base')}\nCOPY --from=extra x.txt /x.txt\n` +
        `RUN --mount=type=secret,id=token wc -c < /run/secrets/token > /token-length && ` +
        `wget -q -O /v2.json http://${LOCAL_REGISTRY}/v2/ && ${random} > /app.txt\n`,
      'extra/x.txt': 'extra\n',
      // platforms: a multi-platform image, pushed (the engine keeps no multi-platform copy);
      // without provenance, whose build times would give each push another digest. Its
      // context is its own folder (bake reads a target's Dockerfile from its context).
      'multi/project.json': project('multi', {
        context: 'multi',
        platforms: ['linux/amd64', 'linux/arm64'],
        push: true,
        provenance: false,
      }),
      'multi/Dockerfile': `FROM ${BUSYBOX}\nCOPY m.txt /m.txt\n`,
      'multi/m.txt': 'multi\n',
      'images/project.json': JSON.stringify({
        name: name('images'),
        targets: {
          bake: {
            executor: '@nx-buildx/docker:docker-bake',
            options: { fromGraph: true, projects: [name('app'), name('multi')] },
          },
        },
      }),
    },
  );
});

afterAll(async () => {
  await removeImages(IMAGES.map(image));
  await ws?.remove();
});

it('one task per image, --batch and a fromGraph bake give the same images', async () => {
  const all = ['run-many', '-t', 'docker-build', `--projects=${IMAGES.map(name).join(',')}`];
  await ws.nxOk(all, ENV);
  const single = await images();
  expect(Object.values(single).every((d) => d.startsWith('sha256:'))).toBe(true);

  const batch = await ws.nxOk([...all, '--batch'], ENV);
  // The image on the base image waits for it and reads it from the engine.
  expect(bakesOf(batch.output)).toEqual([[name('base'), name('multi')], [name('app')]]);
  expect(await images()).toEqual(single);
  // Every step a cache hit of the first path's, and counted so, in a bake of one image too.
  for (const p of IMAGES) expect(await report(p)).toMatchObject({ steps: { run: 0, cached: 2 } });

  const bake = await ws.nxOk(['run', `${name('images')}:bake`], ENV);
  expect(bake.output).toMatch(/bake: 3 targets in 2 runs — 0 steps run/);
  expect(await images()).toEqual(single);
});
