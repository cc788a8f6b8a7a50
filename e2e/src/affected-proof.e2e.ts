// The graph plugin's proof (issue 9), in one workspace section with its own commits:
// 4 apps (web copies its build output, the others their sources), 2 libs, 1 base image.
//   lib-a ← worker, web (its build writes lib-a's text into dist)
//   lib-b ← worker, api, admin
//   base  ← api, admin (FROM its image); worker and web build on busybox
// Each case commits an edit and asks `nx affected -t docker-build --base --head` which
// tasks run, in what order, and what the images then hold. The plugin is registered for
// this file's folder only; nx.json is restored afterwards.
import { removeImages, runImage } from '../../packages/buildx/src/testing/container';
import { execaRunner } from '@nx-buildx/buildx';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bakesOf, commit, commitEdit, git, plain, tasksRunOf } from './git-history';
import {
  BUSYBOX,
  LOCAL_REGISTRY,
  nx,
  nxOk,
  removePath,
  stateInput,
  unique,
  workspace,
  writeFiles,
} from './workspace';

jest.setTimeout(300_000);

const id = unique('pf');
const dir = `proof-${id}`;
const registry = `${LOCAL_REGISTRY}/e2e`;
const APPS = ['api', 'admin', 'worker', 'web'];
const name = (p: string) => `${id}-${p}`;
const image = (p: string) => `${registry}/${name(p)}:latest`;
const task = (p: string, target = 'docker-build') => `${name(p)}:${target}`;
const tasksRun = (output: string) => tasksRunOf(output, id);
const bakes = bakesOf;
const contents = async (p: string) => (await runImage(image(p))).trim().split('\n');
const imageId = async (p: string) =>
  (await execaRunner.run('docker', ['image', 'inspect', '--format', '{{.Id}}', image(p)])).stdout;
// Nx's cache is read only where a case says so (plugin option cache: true; decision 0002).
const CACHE_ON = { NX_SKIP_NX_CACHE: 'false' };
let nxJsonBefore = '';

const project = (p: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: name(p), root: `${dir}/${p}`, ...extra }, null, 2);
/** An app that copies the libs it imports and its sources, and prints them (over /base.txt). */
function appDockerfile(app: string, from: string, libs: string[]) {
  const printed = [
    ...(from === BUSYBOX ? [] : ['/base.txt']),
    ...libs.map((l) => `/${l}/${l}.txt`),
    `/src/${app}.txt`,
  ];
  return [
    `FROM ${from}`,
    ...libs.map((l) => `COPY ${dir}/lib-${l}/src /${l}`),
    `COPY ${dir}/${app}/src /src`,
    `CMD ${JSON.stringify(['cat', ...printed])}`,
    '',
  ].join('\n');
}
const baseDockerfile = (text: string) => `FROM ${BUSYBOX}\nRUN echo "${text}" > /base.txt\n`;

/** Commits an edit; returns the `--base`/`--head` of `nx affected` for it. */
function edit(files: Record<string, string>, paths = [dir]) {
  return commitEdit(files, paths, `proof e2e ${id}: edit`);
}
const affected = (range: string[], ...more: string[]) =>
  nxOk(['affected', '-t', 'docker-build', ...more, ...range]);

beforeAll(async () => {
  nxJsonBefore = await readFile(join(workspace(), 'nx.json'), 'utf8');
  const nxJson = JSON.parse(nxJsonBefore);
  nxJson.plugins = [
    ...(nxJson.plugins ?? []),
    {
      plugin: '@nx-buildx/docker',
      include: [`${dir}/**/*`],
      options: { registry, cacheStrategy: 'none', cache: true },
    },
  ];
  await writeFile(join(workspace(), 'nx.json'), JSON.stringify(nxJson, null, 2));
  const uses = (...libs: string[]) => ({ implicitDependencies: libs.map((l) => name(`lib-${l}`)) });
  await writeFiles({
    [`${dir}/base/project.json`]: project('base'),
    [`${dir}/base/Dockerfile`]: baseDockerfile('base one'),
    [`${dir}/lib-a/project.json`]: project('lib-a', { projectType: 'library' }),
    [`${dir}/lib-a/src/a.txt`]: 'a one\n',
    [`${dir}/lib-b/project.json`]: project('lib-b', { projectType: 'library' }),
    [`${dir}/lib-b/src/b.txt`]: 'b one\n',
    [`${dir}/api/project.json`]: project('api', uses('b')),
    [`${dir}/api/src/api.txt`]: 'api one\n',
    [`${dir}/api/Dockerfile`]: appDockerfile('api', image('base'), ['b']),
    [`${dir}/admin/project.json`]: project('admin', uses('b')),
    [`${dir}/admin/src/admin.txt`]: 'admin one\n',
    [`${dir}/admin/Dockerfile`]: appDockerfile('admin', image('base'), ['b']),
    [`${dir}/worker/project.json`]: project('worker', uses('a', 'b')),
    [`${dir}/worker/src/worker.txt`]: 'worker one\n',
    [`${dir}/worker/src/fixtures/big.txt`]: 'fixture one\n',
    [`${dir}/worker/Dockerfile`]: appDockerfile('worker', BUSYBOX, ['a', 'b']),
    // Paths relative to the context, the workspace root.
    [`${dir}/worker/Dockerfile.dockerignore`]: `${dir}/worker/src/fixtures/\n`,
    [`${dir}/web/project.json`]: project('web', {
      ...uses('a'),
      targets: {
        build: {
          executor: 'nx:run-commands',
          outputs: [`{workspaceRoot}/dist/${dir}/web`],
          options: {
            command: `mkdir -p dist/${dir}/web && cat ${dir}/web/src/index.txt ${dir}/lib-a/src/a.txt > dist/${dir}/web/index.txt`,
          },
        },
      },
    }),
    [`${dir}/web/src/index.txt`]: 'web one\n',
    [`${dir}/web/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY dist/${dir}/web /web\nCMD ["cat", "/web/index.txt"]\n`,
  });
  await commit(`proof e2e ${id}`, [dir, 'nx.json']);
});

afterAll(async () => {
  await removeImages(['base', ...APPS].map(image));
  await writeFile(join(workspace(), 'nx.json'), nxJsonBefore);
  await removePath(dir);
  await removePath(`dist/${dir}`);
  await removePath(`dist/docker/${dir}`);
  await git('add', '-A', '--', dir, 'nx.json');
  await git('commit', '-q', '-m', `proof e2e ${id}: removed`, '--', dir, 'nx.json').catch(
    () => undefined,
  );
});

it('nx show project lists the inferred targets with their inputs and dependsOn', async () => {
  const web = JSON.parse((await nxOk(['show', 'project', name('web'), '--json'])).stdout);
  for (const [target, executor] of [
    ['docker-build', 'docker-build'],
    ['docker-fresh', 'docker-fresh-build'],
  ] as const)
    expect(web.targets[target]).toMatchObject({
      executor: `@nx-buildx/docker:${executor}`,
      // It copies its own build output: its build first, and any image it builds on.
      dependsOn: ['build', '^docker-build'],
      inputs: ['docker-build', stateInput(`${dir}/web`, target)],
      options: { file: `${dir}/web/Dockerfile`, registry },
    });
  expect(web.namedInputs['docker-build']).toEqual([
    '{projectRoot}/Dockerfile',
    '{workspaceRoot}/.dockerignore',
    { dependentTasksOutputFiles: '**/*', transitive: true },
  ]);

  const worker = JSON.parse((await nxOk(['show', 'project', name('worker'), '--json'])).stdout);
  expect(worker.targets['docker-build']).toMatchObject({
    dependsOn: ['^docker-build'],
    inputs: ['docker-build', stateInput(`${dir}/worker`, 'docker-build')],
    options: { cacheStrategy: 'none' },
    metadata: { technologies: ['docker'], image: `${registry}/${name('worker')}` },
  });
  expect(worker.targets['docker-fresh'].inputs).toEqual([
    'docker-build',
    stateInput(`${dir}/worker`, 'docker-fresh'),
  ]);
  // Its own .dockerignore, the copied folders (its own and the libs'), minus what that excludes.
  expect(worker.namedInputs['docker-build']).toEqual([
    '{projectRoot}/Dockerfile',
    '{projectRoot}/Dockerfile.dockerignore',
    `{workspaceRoot}/${dir}/lib-a/src/**/*`,
    `{workspaceRoot}/${dir}/lib-b/src/**/*`,
    '{projectRoot}/src/**/*',
    `!{workspaceRoot}/${dir}/worker/src/fixtures`,
    '!{projectRoot}/src/fixtures',
    `!{workspaceRoot}/${dir}/worker/src/fixtures/**`,
    '!{projectRoot}/src/fixtures/**',
  ]);
});

it('(a) a lib edit builds exactly the apps that import it (web after its build), with the edit', async () => {
  const run = await affected(await edit({ [`${dir}/lib-a/src/a.txt`]: 'a two\n' }));
  const tasks = tasksRun(run.output);
  expect([...tasks].sort()).toEqual([task('web', 'build'), task('web'), task('worker')].sort());
  expect(tasks.indexOf(task('web', 'build'))).toBeLessThan(tasks.indexOf(task('web')));
  expect(await contents('worker')).toEqual(['a two', 'b one', 'worker one']);
  expect(await contents('web')).toEqual(['web one', 'a two']);
  // The .dockerignore kept the fixtures out.
  expect((await runImage(image('worker'), ['ls', '/src'])).trim()).toBe('worker.txt');
});

it('(b) an edit of a file the .dockerignore excludes builds nothing', async () => {
  // Nx marks the project of any changed file affected; the unchanged hash (the excluded
  // file is no input) makes its docker-build a cache hit. Nx stores a run under the hash
  // taken before it (with the image's ID, decision 0002), and only with its cache on: one
  // more build of this commit (reproducible: the same ID) stores the hash of today's image.
  await nxOk(['run', task('worker')], CACHE_ON);
  const before = await imageId('worker');
  expect(before).toMatch(/^sha256:/);

  const range = await edit({ [`${dir}/worker/src/fixtures/big.txt`]: 'fixture two\n' });
  const cached = await nxOk(['affected', '-t', 'docker-build', ...range], CACHE_ON);
  expect(tasksRun(cached.output)).toEqual([task('worker')]);
  expect(plain(cached.output)).toMatch(
    new RegExp(
      `> nx run ${task('worker')} +\\[(local cache|existing outputs match the cache, left as is)\\]`,
    ),
  );
  expect(await imageId('worker')).toBe(before);
});

it('(c) a base image edit builds the base first, then exactly the images built on it', async () => {
  const run = await affected(
    await edit({ [`${dir}/base/Dockerfile`]: baseDockerfile('base two') }),
  );
  const tasks = tasksRun(run.output);
  expect(tasks[0]).toBe(task('base'));
  expect([...tasks].sort()).toEqual([task('admin'), task('api'), task('base')]);
  expect(await contents('api')).toEqual(['base two', 'b one', 'api one']);
  expect(await contents('admin')).toEqual(['base two', 'b one', 'admin one']);
});

it('(d) a README at the workspace root builds nothing', async () => {
  const range = await edit({ 'README.md': `readme ${id}\n` }, ['README.md']);
  const run = await nx(['affected', '-t', 'docker-build', ...range]);
  expect(run.exitCode).toBe(0);
  expect(tasksRun(run.output)).toEqual([]);
});

it('(e) an app source edit runs its build, then its image, which holds the edit', async () => {
  const run = await affected(await edit({ [`${dir}/web/src/index.txt`]: 'web two\n' }));
  expect(tasksRun(run.output)).toEqual([task('web', 'build'), task('web')]);
  expect(await contents('web')).toEqual(['web two', 'a two']);
});

it('batch: a lib edit with --batch builds every affected image in one batch, with the edit', async () => {
  const run = await affected(await edit({ [`${dir}/lib-b/src/b.txt`]: 'b two\n' }), '--batch');
  // api and admin build on the base: Nx runs its docker-build with them (^docker-build),
  // and the batch bakes them after it, reading it from the engine as a single build does.
  const images = ['admin', 'api', 'base', 'worker'];
  expect(bakes(run.output)).toEqual([['base', 'worker'].map(name), ['admin', 'api'].map(name)]);
  expect([...tasksRun(run.output)].sort()).toEqual(images.map((p) => task(p)));
  expect(await contents('api')).toEqual(['base two', 'b two', 'api one']);
  expect(await contents('admin')).toEqual(['base two', 'b two', 'admin one']);
  expect(await contents('worker')).toEqual(['a two', 'b two', 'worker one']);
});
