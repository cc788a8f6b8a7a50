// Issue 17: with the graph plugin's `cache: true` (what the README recommends for CI), no
// way content reaches an image may end in a stale Nx cache hit. One workspace section, one
// image per source; each is built until Nx's cache holds it (a hit), then an edit of
// something no image reads must still hit, and an edit of each source must rebuild the
// image that reads it, with the edit inside. Last, --batch honours `network: host`.
//   bind       RUN --mount=type=bind of a context file
//   base       ← onbase (FROM its image), copyfrom (COPY --from=its image)
//   ext        FROM an external tag, re-pushed to the local registry and pulled
//   imgctx     COPY --from=a docker-image:// build context (the same external tag)
//   namedcopy  COPY --from=<a folder build context>
//   namedmount RUN --mount=type=bind,from=<a folder build context>
// The plugin is registered for this file's folder only; nx.json is restored afterwards.
import { execaRunner } from '@nx-buildx/buildx';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeImages, runImage } from '../../packages/buildx/src/testing/container';
import { bakesOf, plain } from './git-history';
import {
  BUSYBOX,
  LOCAL_REGISTRY,
  nxOk,
  removePath,
  unique,
  workspace,
  writeFiles,
} from './workspace';

jest.setTimeout(300_000);

const id = unique('st');
const dir = `stale-${id}`;
const CACHE_ON = { NX_SKIP_NX_CACHE: 'false' };
const APPS = ['bind', 'base', 'onbase', 'copyfrom', 'ext', 'imgctx', 'namedcopy', 'namedmount'];
const name = (p: string) => `${id}-${p}`;
const image = (p: string) => `${name(p)}:latest`;
// A test-unique repository of the local registry stands for an external base image.
const external = `${LOCAL_REGISTRY}/e2e/${id}-ext:latest`;
let nxJsonBefore = '';

const docker = async (args: string[], input?: string) => {
  const r = await execaRunner.run('docker', args, { cwd: workspace(), input });
  if (r.exitCode !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.slice(-2000)}`);
  return r.stdout.trim();
};
/** Builds and pushes `external` holding `text` in /ext.txt, leaving the engine's copy as it was. */
const pushExternal = (text: string) =>
  docker(
    ['buildx', 'build', '--push', '--provenance=false', '-t', external, '-'],
    `FROM ${BUSYBOX}\nRUN echo "${text}" > /ext.txt\n`,
  );

const project = (p: string, docker: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      name: name(p),
      root: `${dir}/${p}`,
      ...(Object.keys(docker).length ? { targets: { 'docker-build': { options: docker } } } : {}),
    },
    null,
    2,
  );
const cat = (...files: string[]) => `CMD ${JSON.stringify(['cat', ...files])}\n`;

/** `nx run-many -t docker-build` of this suite's projects, with Nx's cache read. */
const buildAll = (...more: string[]) =>
  nxOk(
    ['run-many', '-t', 'docker-build', `--projects=${APPS.map(name).join(',')}`, ...more],
    CACHE_ON,
  );
/** The projects whose docker-build Nx replayed from its cache. */
const hits = (output: string) =>
  [
    ...plain(output).matchAll(
      /> nx run (\S+):docker-build(?: --\S+)* +\[(local cache|existing outputs match the cache, left as is)\]/g,
    ),
  ]
    .map((m) => (m[1] as string).slice(id.length + 1))
    .sort();
const contents = async (p: string) => (await runImage(image(p))).trim();

beforeAll(async () => {
  nxJsonBefore = await readFile(join(workspace(), 'nx.json'), 'utf8');
  const nxJson = JSON.parse(nxJsonBefore);
  nxJson.plugins = [
    ...(nxJson.plugins ?? []),
    {
      plugin: '@nx-buildx/docker',
      include: [`${dir}/**/*`],
      options: { cache: true, cacheStrategy: 'none' },
    },
  ];
  await writeFile(join(workspace(), 'nx.json'), JSON.stringify(nxJson, null, 2));
  await pushExternal('ext one');
  await docker(['pull', '-q', external]);
  await writeFiles({
    [`${dir}/bind/project.json`]: project('bind'),
    [`${dir}/bind/lock.json`]: '{"lock":1}\n',
    [`${dir}/bind/README.md`]: 'read by no image\n',
    [`${dir}/bind/Dockerfile`]:
      `FROM ${BUSYBOX}\nRUN --mount=type=bind,source=${dir}/bind/lock.json,target=/tmp/lock.json cp /tmp/lock.json /lock.json\n` +
      cat('/lock.json'),
    [`${dir}/base/project.json`]: project('base'),
    [`${dir}/base/base.txt`]: 'base one\n',
    [`${dir}/base/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY ${dir}/base/base.txt /base.txt\n${cat('/base.txt')}`,
    [`${dir}/onbase/project.json`]: project('onbase'),
    [`${dir}/onbase/Dockerfile`]: `FROM ${image('base')}\n${cat('/base.txt')}`,
    [`${dir}/copyfrom/project.json`]: project('copyfrom'),
    [`${dir}/copyfrom/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY --from=${image('base')} /base.txt /copied.txt\n${cat('/copied.txt')}`,
    [`${dir}/ext/project.json`]: project('ext'),
    [`${dir}/ext/Dockerfile`]: `FROM ${external}\n${cat('/ext.txt')}`,
    [`${dir}/imgctx/project.json`]: project('imgctx', {
      buildContexts: { tools: `docker-image://${external}` },
    }),
    [`${dir}/imgctx/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY --from=tools /ext.txt /ext.txt\n${cat('/ext.txt')}`,
    [`${dir}/shared/data.txt`]: 'data one\n',
    [`${dir}/shared/unread.txt`]: 'read by no image\n',
    [`${dir}/namedcopy/project.json`]: project('namedcopy', {
      buildContexts: { shared: `${dir}/shared` },
    }),
    [`${dir}/namedcopy/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY --from=shared data.txt /data.txt\n${cat('/data.txt')}`,
    [`${dir}/mounted/m.txt`]: 'mounted one\n',
    [`${dir}/namedmount/project.json`]: project('namedmount', {
      buildContexts: { mounted: `${dir}/mounted` },
    }),
    [`${dir}/namedmount/Dockerfile`]:
      `FROM ${BUSYBOX}\nRUN --mount=type=bind,from=mounted,source=m.txt,target=/tmp/m.txt cp /tmp/m.txt /m.txt\n` +
      cat('/m.txt'),
  });
});

afterAll(async () => {
  await removeImages([...APPS.map(image), image('net'), external]);
  await writeFile(join(workspace(), 'nx.json'), nxJsonBefore);
  await removePath(dir);
});

it('every source: a hit once cached, still a hit after an edit nothing reads, a rebuild with the edit after an edit of it', async () => {
  // The first run starts without the images (never a hit: decision 0002); the second
  // starts with them and is stored; the third replays it.
  await buildAll();
  await buildAll();
  expect(hits((await buildAll()).output)).toEqual([...APPS].sort());

  await writeFiles({
    [`${dir}/bind/README.md`]: 'still read by no image\n',
    [`${dir}/shared/unread.txt`]: 'still read by no image\n',
  });
  expect(hits((await buildAll()).output)).toEqual([...APPS].sort());

  await writeFiles({
    [`${dir}/bind/lock.json`]: '{"lock":2}\n',
    [`${dir}/base/base.txt`]: 'base two\n',
    [`${dir}/shared/data.txt`]: 'data two\n',
    [`${dir}/mounted/m.txt`]: 'mounted two\n',
  });
  await pushExternal('ext two');
  await docker(['pull', '-q', external]); // as docker-fresh (--pull) or a user would
  const edited = await buildAll();
  expect(hits(edited.output)).toEqual([]);
  expect(
    Object.fromEntries(await Promise.all(APPS.map(async (p) => [p, await contents(p)]))),
  ).toEqual({
    bind: '{"lock":2}',
    base: 'base two',
    onbase: 'base two',
    copyfrom: 'base two',
    ext: 'ext two',
    imgctx: 'ext two',
    namedcopy: 'data two',
    namedmount: 'mounted two',
  });
});

it('--batch honours network: host (bake target network, or a build of its own on an older buildx)', async () => {
  // Only the host's loopback reaches the local registry: the RUN fails on bake's default network.
  await writeFiles({
    [`${dir}/net/project.json`]: project('net', { network: 'host' }),
    [`${dir}/net/Dockerfile`]: `FROM ${BUSYBOX}\nRUN wget -q -O /v2.json http://${LOCAL_REGISTRY}/v2/\n${cat('/v2.json')}`,
  });
  const run = await nxOk(
    ['run-many', '-t', 'docker-build', `--projects=${name('net')},${name('bind')}`, '--batch'],
    { NX_SKIP_NX_CACHE: 'true' },
  );
  const [, major = 0, minor = 0] =
    /(\d+)\.(\d+)\.\d+/.exec(await docker(['buildx', 'version']))?.map(Number) ?? [];
  if (major > 0 || minor >= 17) expect(bakesOf(run.output)).toEqual([[name('bind'), name('net')]]);
  else
    expect(plain(run.output)).toMatch(
      /built on its own \(docker buildx build\): a bake target cannot carry network/,
    );
  expect(await contents('net')).toBe('{}');
});

it('options given on the command line: a removed image of such a run is rebuilt, never replayed', async () => {
  // Nx hashes --tags=… but its runtime input cannot see it: each such run is recorded,
  // and the image state covers its images too (hasher/run-options.ts).
  const run = (p: string) => nxOk(['run', `${name(p)}:docker-build`, `--tags=${id}-cli`], CACHE_ON);
  const cli = `${name('base')}:${id}-cli`;
  try {
    await run('base'); // recorded; stored under the hash before the record
    await run('base'); // stored under the hash later runs compute
    expect(hits((await run('base')).output)).toEqual(['base']);
    await docker(['image', 'rm', cli]);
    const again = await run('base');
    expect(hits(again.output)).toEqual([]);
    expect((await runImage(cli)).trim()).toBe('base two');
  } finally {
    await removeImages([cli]);
  }
});
