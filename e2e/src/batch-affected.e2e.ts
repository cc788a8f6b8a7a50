// Batch mode and bake in the graph, in a real workspace with its own commits: after a lib
// edit, `nx affected -t docker-build --batch` builds the images Nx batches together in one
// bake (an image on another's image in a second), a broken Dockerfile fails only its own task, and a fromGraph docker-bake target
// depends on the projects it bakes (affected by a lib edit, not by a root README; their
// build first). The plugin is registered for this file's folder only; nx.json is restored.
import { removeImages, runImage } from '../../packages/buildx/src/testing/container';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bakesOf, commit, commitEdit, git, plain, tasksRunOf } from './git-history';
import {
  BUSYBOX,
  LOCAL_REGISTRY,
  metadataOf,
  nx,
  nxOk,
  removePath,
  unique,
  workspace,
  writeFiles,
} from './workspace';

jest.setTimeout(600_000);

const id = unique('ba');
const dir = `batch-${id}`;
const registry = `${LOCAL_REGISTRY}/e2e`;
const name = (p: string) => `${id}-${p}`;
const image = (p: string) => `${registry}/${name(p)}:latest`;
const tasksRun = (output: string) => tasksRunOf(output, id);
const bakes = bakesOf;
let nxJsonBefore = '';
const project = (p: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: name(p), root: `${dir}/${p}`, ...extra }, null, 2);
const appDockerfile = (app: string, from = image('base')) =>
  `FROM ${from}\nCOPY ${dir}/lib/src /lib\nCOPY ${dir}/${app}/src /src\n` +
  `CMD ["cat", "/base.txt", "/lib/lib.txt", "/src/${app}.txt"]\n`;

const workerDockerfile = appDockerfile('worker', BUSYBOX).replace(
  '\n',
  '\nRUN echo "busybox" > /base.txt\n',
);

/** Commits an edit of this suite's files; returns [before, after] for `nx affected`. */
function edit(files: Record<string, string>, paths = [dir]) {
  return commitEdit(files, paths, `batch e2e ${id}: edit`);
}

beforeAll(async () => {
  nxJsonBefore = await readFile(join(workspace(), 'nx.json'), 'utf8');
  const nxJson = JSON.parse(nxJsonBefore);
  nxJson.plugins = [
    ...(nxJson.plugins ?? []),
    {
      plugin: '@nx-buildx/docker',
      include: [`${dir}/**/*`],
      options: { registry, cacheStrategy: 'none' },
    },
  ];
  await writeFile(join(workspace(), 'nx.json'), JSON.stringify(nxJson, null, 2));
  await writeFiles({
    [`${dir}/base/project.json`]: project('base'),
    [`${dir}/base/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo "base one" > /base.txt\n`,
    [`${dir}/lib/project.json`]: project('lib', { projectType: 'library' }),
    [`${dir}/lib/src/lib.txt`]: 'lib one\n',
    // api and worker use the lib; api builds on the base image, worker on busybox.
    [`${dir}/api/project.json`]: project('api', { implicitDependencies: [name('lib')] }),
    [`${dir}/api/src/api.txt`]: 'api one\n',
    [`${dir}/api/Dockerfile`]: appDockerfile('api'),
    [`${dir}/worker/project.json`]: project('worker', { implicitDependencies: [name('lib')] }),
    [`${dir}/worker/src/worker.txt`]: 'worker one\n',
    [`${dir}/worker/Dockerfile`]: workerDockerfile,
    // web copies its build output; it does not use the lib.
    [`${dir}/web/project.json`]: project('web', {
      targets: {
        build: {
          executor: 'nx:run-commands',
          outputs: [`{workspaceRoot}/dist/${dir}/web`],
          options: {
            command: `mkdir -p dist/${dir}/web && cp ${dir}/web/src/index.txt dist/${dir}/web/`,
          },
        },
      },
    }),
    [`${dir}/web/src/index.txt`]: 'web one\n',
    [`${dir}/web/Dockerfile`]: `FROM ${image('base')}\nCOPY dist/${dir}/web /web\nCMD ["cat", "/base.txt", "/web/index.txt"]\n`,
    // The workspace-level bake, in a project of its own: a root README is not its file.
    [`${dir}/images/project.json`]: project('images', {
      targets: {
        bake: {
          executor: '@nx-buildx/docker:docker-bake',
          dependsOn: ['^build'],
          options: {
            fromGraph: true,
            projects: [name('web'), name('api')],
            bakeFile: `dist/${dir}/bake.json`,
            metadataFile: `dist/${dir}/bake-metadata.json`,
          },
        },
      },
    }),
  });
  await commit(`batch e2e ${id}`, [dir, 'nx.json']);
});

afterAll(async () => {
  await removeImages(['base', 'api', 'worker', 'web'].map(image));
  await writeFile(join(workspace(), 'nx.json'), nxJsonBefore);
  await removePath(dir);
  await git('add', '-A', '--', dir, 'nx.json');
  await git('commit', '-q', '-m', `batch e2e ${id}: removed`, '--', dir, 'nx.json').catch(
    () => undefined,
  );
});

it('a lib edit: --batch builds the affected images (and the base they use) in one batch, with the edit', async () => {
  const range = await edit({ [`${dir}/lib/src/lib.txt`]: 'lib two\n' });
  const run = await nxOk(['affected', '-t', 'docker-build', '--batch', ...range]);

  // One bake of what is ready; api, built on the base, in a second that reads it from the engine.
  expect(bakes(run.output)).toEqual([[name('base'), name('worker')], [name('api')]]);
  expect(
    plain(run.output).match(/Running 3 tasks with @nx-buildx\/docker:docker-build/g),
  ).toHaveLength(1);
  expect(tasksRun(run.output).sort()).toEqual(
    ['api', 'base', 'worker'].map((p) => `${name(p)}:docker-build`),
  );
  expect((await runImage(image('api'))).trim()).toBe('base one\nlib two\napi one');
  expect((await runImage(image('worker'))).trim()).toBe('busybox\nlib two\nworker one');
  // One summary per image, printed once (Nx prints each task's output; the batch does not too),
  // with the step counts of its bake.
  for (const p of ['api', 'worker', 'base']) {
    const summaries = plain(run.output).match(
      new RegExp(`${name(p)}:docker-build: ${image(p)} sha256:\\w+ — [^\\n]*cache: `, 'g'),
    );
    expect(summaries).toHaveLength(1);
    const [, ran, cached] = /— (\d+) steps? run, (\d+) cached/.exec(summaries?.[0] ?? '') ?? [];
    expect(Number(ran) + Number(cached)).toBeGreaterThan(0);
  }
  // Each task writes its own report, as a single build does.
  for (const p of ['api', 'worker', 'base'])
    expect(await metadataOf(`${dir}/${p}`)).toMatchObject({ project: name(p), tags: [image(p)] });
});

it('a broken Dockerfile fails only its own task; the others are built, web after its build', async () => {
  const range = await edit({
    [`${dir}/lib/src/lib.txt`]: 'lib three\n',
    [`${dir}/web/src/index.txt`]: 'web two\n',
    [`${dir}/worker/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo broken-${id} && exit 3\n`,
  });
  const run = await nx(['affected', '-t', 'docker-build', '--batch', ...range]);

  expect(run.exitCode).not.toBe(0);
  const out = plain(run.output);
  // With the code docs/troubleshooting.md is indexed by, as without --batch.
  expect(out).toMatch(
    new RegExp(`docker-build failed for ${name('worker')}:docker-build \\[(BUILD|BAKE)_FAILED\\]:`),
  );
  expect(out).not.toContain(`docker-build failed for ${name('api')}`);
  expect(out).not.toContain(`docker-build failed for ${name('web')}`);
  expect((await runImage(image('api'))).trim()).toBe('base one\nlib three\napi one');
  // web waits for its build: Nx batches it once that is done, in a bake of its own.
  const tasks = tasksRun(run.output);
  expect(tasks.indexOf(`${name('web')}:build`)).toBeLessThan(
    tasks.lastIndexOf(`${name('web')}:docker-build`),
  );
  expect((await runImage(image('web'))).trim()).toBe('base one\nweb two');
  // Put worker right again for the next test.
  await edit({ [`${dir}/worker/Dockerfile`]: workerDockerfile });
});

it('a broken base image fails its own task; the images built on it are skipped, not failed', async () => {
  const baseDockerfile = `FROM ${BUSYBOX}\nRUN echo "base one" > /base.txt\n`;
  const range = await edit({
    [`${dir}/base/Dockerfile`]: `${baseDockerfile}RUN echo broken-base-${id} && exit 4\n`,
  });
  const run = await nx(['affected', '-t', 'docker-build', '--batch', ...range]);

  expect(run.exitCode).not.toBe(0);
  const out = plain(run.output);
  expect(out).toContain(`docker-build failed for ${name('base')}:docker-build`);
  // api, built on base, waits for it in the batch, which reports it skipped; web waits in Nx, which skips it.
  expect(out).toContain(
    `${name('api')}:docker-build was not built: it depends on ${name('base')}:docker-build, which failed.`,
  );
  expect(out).not.toContain(`docker-build failed for ${name('api')}`);
  expect(tasksRun(run.output)).not.toContain(`${name('web')}:docker-build`);
  await edit({ [`${dir}/base/Dockerfile`]: baseDockerfile });
});

it('the fromGraph bake target is affected by a lib edit (its apps built first) and not by a root README', async () => {
  const range = await edit({ [`${dir}/lib/src/lib.txt`]: 'lib four\n' });
  const run = await nxOk(['affected', '-t', 'bake', ...range]);
  const tasks = tasksRun(run.output);
  expect(tasks).toContain(`${name('images')}:bake`);
  expect(tasks.indexOf(`${name('web')}:build`)).toBeGreaterThan(-1);
  expect(tasks.indexOf(`${name('web')}:build`)).toBeLessThan(
    tasks.indexOf(`${name('images')}:bake`),
  );
  expect((await runImage(image('api'))).trim()).toBe('base one\nlib four\napi one');

  const readme = await edit({ 'README.md': `readme ${id}\n` }, ['README.md']);
  const none = await nx(['affected', '-t', 'bake', ...readme]);
  expect(none.exitCode).toBe(0);
  expect(tasksRun(none.output)).toEqual([]);
});
