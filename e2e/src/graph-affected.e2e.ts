// The graph plugin in a real workspace: `{ "plugin": "@nx-buildx/docker" }` infers
// docker-build/docker-fresh for projects with a Dockerfile, builds what a Dockerfile copies
// first, links images to the projects that build them, and `nx affected -t docker-build`
// runs exactly the images whose inputs changed. The plugin is registered for this file's
// folder only (`include`), and nx.json is restored afterwards: other suites share the
// workspace.
import { removeImages, runImage } from '../../packages/buildx/src/testing/container';
import { execaRunner } from '@nx-buildx/buildx';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commit, git, plain, tasksRunOf } from './git-history';
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

jest.setTimeout(600_000);

const id = unique('gr');
const dir = `graph-${id}`;
const registry = `${LOCAL_REGISTRY}/e2e`;
const name = (p: string) => `${id}-${p}`;
const image = (p: string) => `${registry}/${name(p)}:latest`;
let nxJsonBefore = '';

/** `nx run` lines in the order Nx started the tasks, this suite's projects only. */
const tasksRun = (output: string) => tasksRunOf(output, id);

const project = (p: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: name(p), root: `${dir}/${p}`, ...extra }, null, 2);

beforeAll(async () => {
  nxJsonBefore = await readFile(join(workspace(), 'nx.json'), 'utf8');
  const nxJson = JSON.parse(nxJsonBefore);
  nxJson.plugins = [
    ...(nxJson.plugins ?? []),
    {
      plugin: '@nx-buildx/docker',
      include: [`${dir}/**/*`],
      // cache: true — Nx caching of docker-build is opt-in (docs/decisions/0003-inferred-targets.md).
      options: { registry, cacheStrategy: 'none', cache: true },
    },
  ];
  await writeFile(join(workspace(), 'nx.json'), JSON.stringify(nxJson, null, 2));
  await writeFiles({
    // An explicit target in project.json is merged over the inferred one.
    [`${dir}/base/project.json`]: project('base', {
      targets: { 'docker-fresh': { options: { mode: 'bust' } } },
    }),
    [`${dir}/base/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo "base one" > /base.txt\n`,
    [`${dir}/lib/project.json`]: project('lib', { projectType: 'library' }),
    [`${dir}/lib/src/lib.txt`]: 'lib one\n',
    [`${dir}/web/project.json`]: project('web', {
      implicitDependencies: [name('lib')],
      targets: {
        build: {
          executor: 'nx:run-commands',
          outputs: [`{workspaceRoot}/dist/${dir}/web`],
          options: {
            command: `mkdir -p dist/${dir}/web && cat ${dir}/web/src/index.txt ${dir}/lib/src/lib.txt > dist/${dir}/web/index.txt`,
          },
        },
      },
    }),
    [`${dir}/web/src/index.txt`]: 'web one\n',
    [`${dir}/web/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY dist/${dir}/web /web\nCMD ["cat", "/web/index.txt"]\n`,
    [`${dir}/api/project.json`]: project('api'),
    [`${dir}/api/src/api.txt`]: 'api one\n',
    [`${dir}/api/Dockerfile.worker`]: `FROM ${BUSYBOX}\nCOPY ${dir}/api/src /src\n`,
    [`${dir}/api/Dockerfile.dockerignore`]: 'node_modules\n',
    [`${dir}/api/Dockerfile`]: `FROM ${image('base')}\nCOPY ${dir}/api/src /src\nCMD ["cat", "/base.txt", "/src/api.txt"]\n`,
  });
  await commit(`graph e2e ${id}`, [dir, 'nx.json']);
});

afterAll(async () => {
  await removeImages(
    ['base', 'web', 'api'].map(image).concat(`${registry}/${name('api')}-worker:latest`),
  );
  // Without the plugin, the partial targets of these projects would mean nothing: remove them too.
  await writeFile(join(workspace(), 'nx.json'), nxJsonBefore);
  await removePath(dir);
  await git('add', '-A', '--', dir, 'nx.json');
  await git('commit', '-q', '-m', `graph e2e ${id}: removed`, '--', dir, 'nx.json').catch(
    () => undefined,
  );
});

it('nx show project lists the inferred targets with their dependsOn, inputs and metadata', async () => {
  const web = JSON.parse((await nxOk(['show', 'project', name('web'), '--json'])).stdout);
  expect(web.targets['docker-build']).toMatchObject({
    executor: '@nx-buildx/docker:docker-build',
    dependsOn: ['build', '^docker-build'],
    inputs: ['docker-build', stateInput(`${dir}/web`, 'docker-build')],
    options: { file: `${dir}/web/Dockerfile`, registry, cacheStrategy: 'none' },
    metadata: { technologies: ['docker'], image: `${registry}/${name('web')}` },
  });
  expect(web.namedInputs['docker-build']).toEqual([
    '{projectRoot}/Dockerfile',
    '{workspaceRoot}/.dockerignore',
    { dependentTasksOutputFiles: '**/*', transitive: true },
  ]);
  expect(web.targets['docker-fresh']).toMatchObject({
    executor: '@nx-buildx/docker:docker-fresh-build',
    dependsOn: ['build', '^docker-build'],
  });
  // The explicit build target is still the one from project.json.
  expect(web.targets.build.executor).toBe('nx:run-commands');

  const api = JSON.parse((await nxOk(['show', 'project', name('api'), '--json'])).stdout);
  expect(api.targets['docker-build'].dependsOn).toEqual(['^docker-build']);
  // The project's named input of the same name (shared with docker-fresh), the inputs of
  // the image it builds on, hashed after that one ran, and the check of the images it
  // leaves and reads (decision 0002).
  const upstream = [
    { input: 'docker-build', projects: [name('base')] },
    { dependentTasksOutputFiles: '**/*', transitive: true },
  ];
  expect(api.targets['docker-build'].inputs).toEqual([
    'docker-build',
    ...upstream,
    stateInput(`${dir}/api`, 'docker-build'),
  ]);
  expect(api.targets['docker-fresh'].inputs).toEqual([
    'docker-build',
    ...upstream,
    stateInput(`${dir}/api`, 'docker-fresh'),
  ]);
  expect(api.namedInputs['docker-build']).toEqual([
    '{projectRoot}/Dockerfile',
    '{projectRoot}/Dockerfile.dockerignore',
    '{projectRoot}/src/**/*',
  ]);
  expect(api.targets['docker-build-worker']).toMatchObject({
    executor: '@nx-buildx/docker:docker-build',
    options: { file: `${dir}/api/Dockerfile.worker`, imageName: `${name('api')}-worker` },
  });
  expect(Object.keys(api.targets)).not.toContain('docker-build-dockerignore');
  const base = JSON.parse((await nxOk(['show', 'project', name('base'), '--json'])).stdout);
  expect(base.targets['docker-fresh']).toMatchObject({
    executor: '@nx-buildx/docker:docker-fresh-build',
    options: { mode: 'bust', file: `${dir}/base/Dockerfile`, registry },
  });
  const lib = JSON.parse((await nxOk(['show', 'project', name('lib'), '--json'])).stdout);
  expect(Object.keys(lib.targets)).not.toContain('docker-build');

  const graphFile = join(workspace(), 'dist', `${id}-graph.json`);
  await nxOk(['graph', `--file=${graphFile}`]);
  const graph = JSON.parse(await readFile(graphFile, 'utf8')).graph;
  expect(graph.dependencies[name('api')]).toContainEqual({
    source: name('api'),
    target: name('base'),
    type: 'static',
  });
});

it('builds every image once, the base first and the app after its build', async () => {
  const run = await nxOk([
    'run-many',
    '-t',
    'docker-build',
    'docker-build-worker',
    '-p',
    `${id}-*`,
  ]);
  const tasks = tasksRun(run.output);
  expect(tasks.indexOf(`${name('web')}:build`)).toBeLessThan(
    tasks.indexOf(`${name('web')}:docker-build`),
  );
  expect(tasks.indexOf(`${name('base')}:docker-build`)).toBeLessThan(
    tasks.indexOf(`${name('api')}:docker-build`),
  );
  expect((await runImage(image('web'))).trim()).toBe('web one\nlib one');
  expect((await runImage(image('api'))).trim()).toBe('base one\napi one');
});

it('(a) an app source edit: affected runs its build, then its image, which holds the edit', async () => {
  const base = await git('rev-parse', 'HEAD');
  await writeFiles({ [`${dir}/web/src/index.txt`]: 'web two\n' });
  const head = await commit('web edit', [dir]);
  const run = await nxOk(['affected', '-t', 'docker-build', `--base=${base}`, `--head=${head}`]);
  expect(tasksRun(run.output)).toEqual([`${name('web')}:build`, `${name('web')}:docker-build`]);
  expect((await runImage(image('web'))).trim()).toBe('web two\nlib one');

  // docker-fresh builds the current output too, without a build run by hand first.
  await writeFiles({ [`${dir}/web/src/index.txt`]: 'web three\n' });
  await commit('web edit again', [dir]);
  const fresh = await nxOk(['run', `${name('web')}:docker-fresh`]);
  expect(tasksRun(fresh.output)).toEqual([`${name('web')}:build`, `${name('web')}:docker-fresh`]);
  expect((await runImage(image('web'))).trim()).toBe('web three\nlib one');
});

it('a lib edit rebuilds the app that uses it, and only that image', async () => {
  const base = await git('rev-parse', 'HEAD');
  await writeFiles({ [`${dir}/lib/src/lib.txt`]: 'lib two\n' });
  const head = await commit('lib edit', [dir]);
  const run = await nxOk(['affected', '-t', 'docker-build', `--base=${base}`, `--head=${head}`]);
  expect(tasksRun(run.output)).toEqual([`${name('web')}:build`, `${name('web')}:docker-build`]);
  expect((await runImage(image('web'))).trim()).toBe('web three\nlib two');
});

it('(b) a README edit at the workspace root builds nothing', async () => {
  const base = await git('rev-parse', 'HEAD');
  await writeFile(join(workspace(), 'README.md'), `readme ${id}\n`);
  const head = await commit('readme', ['README.md']);
  const run = await nx(['affected', '-t', 'docker-build', `--base=${base}`, `--head=${head}`]);
  expect(run.exitCode).toBe(0);
  expect(tasksRun(run.output)).toEqual([]);
  expect(plain(run.output)).not.toMatch(/> nx run .*:docker-build/);
});

it('(c) a base image edit builds the base first, then its dependents, not the others', async () => {
  const base = await git('rev-parse', 'HEAD');
  await writeFiles({
    [`${dir}/base/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo "base two" > /base.txt\n`,
  });
  const head = await commit('base edit', [dir]);
  const run = await nxOk(['affected', '-t', 'docker-build', `--base=${base}`, `--head=${head}`]);
  expect(tasksRun(run.output)).toEqual([
    `${name('base')}:docker-build`,
    `${name('api')}:docker-build`,
  ]);
  expect((await runImage(image('api'))).trim()).toBe('base two\napi one');
});

it('a missing build output names the build to run instead of BuildKit’s "not found"', async () => {
  await execaRunner.run('rm', ['-rf', `dist/${dir}/web`], { cwd: workspace() });
  const run = await nx(['run', `${name('web')}:docker-build`, '--exclude-task-dependencies']);
  expect(run.exitCode).not.toBe(0);
  expect(run.output).toContain(
    `dist/${dir}/web not found, though \`nx build ${name('web')}\` runs before this target (its dependsOn has it): that build does not write dist/${dir}/web. Check its output path against the COPY source of the Dockerfile — or it was left out (--exclude-task-dependencies).`,
  );
});

it('a Dockerfile outside any project is skipped, and a broken one does not break the graph', async () => {
  await writeFiles({
    [`${dir}/stray/Dockerfile`]: `FROM ${BUSYBOX}\n`,
    [`${dir}/broken/project.json`]: project('broken'),
    [`${dir}/broken/Dockerfile`]: 'RUN echo there is no FROM\n',
  });
  try {
    const shown = await nxOk(['show', 'projects', '--json']);
    const projects = JSON.parse(shown.stdout) as string[];
    expect(projects).toEqual(expect.arrayContaining([name('broken'), name('web'), name('api')]));
    expect(projects.filter((p) => p.includes('stray'))).toEqual([]);
    expect(shown.output).toContain(`${dir}/broken/Dockerfile: has no FROM instruction`);
    const broken = JSON.parse((await nxOk(['show', 'project', name('broken'), '--json'])).stdout);
    expect(broken.targets['docker-build'].dependsOn).toEqual(['build', '^build', '^docker-build']);
  } finally {
    await execaRunner.run('rm', ['-rf', `${dir}/stray`, `${dir}/broken`], { cwd: workspace() });
  }
});

// (A Dockerfile linked to /dev/zero is refused by the plugin too — see read-dockerfile.spec.ts —
// but Nx 23 itself hangs on such a link while it hashes the workspace's files.)
it('a 200 MB Dockerfile and one with COPY [ break neither the graph nor the run', async () => {
  const root = (p: string) => join(workspace(), dir, p);
  await writeFiles({
    [`${dir}/huge/project.json`]: project('huge'),
    [`${dir}/glob/project.json`]: project('glob'),
    [`${dir}/glob/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY [ /x\n`,
  });
  await writeFile(root('huge/Dockerfile'), '');
  await truncate(root('huge/Dockerfile'), 200 * 1024 * 1024);
  try {
    const shown = await nxOk(['show', 'projects', '--json']);
    expect(JSON.parse(shown.stdout)).toEqual(expect.arrayContaining([name('huge'), name('web')]));
    expect(shown.output).toContain(`${dir}/huge/Dockerfile is 200 MB, larger than the 1 MiB`);
    expect(shown.output).toContain(`${dir}/glob/Dockerfile:2: an unclosed [`);
    // every other task still runs (a refused input used to block the whole run)
    const run = await nxOk(['run-many', '-t', 'docker-build', '-p', name('api'), name('glob')]);
    expect(plain(run.output)).toMatch(
      new RegExp(`Successfully ran target docker-build for project ${name('api')}`),
    );
  } finally {
    await execaRunner.run('rm', ['-rf', `${dir}/huge`, `${dir}/glob`], {
      cwd: workspace(),
    });
  }
});

// Opted in with the plugin option `cache: true`: safe because the targets' runtime input folds
// the engine's image IDs into the hash (docs/decisions/0002-nx-cache.md).
describe("with Nx's cache on (plugin option cache: true)", () => {
  const CACHE_ON = { NX_SKIP_NX_CACHE: 'false' };
  const docker = (...args: string[]) => execaRunner.run('docker', args, { cwd: workspace() });

  it('an edit of the copied build output is never a cache hit, and neither is a removed image', async () => {
    await writeFiles({ [`${dir}/web/src/index.txt`]: 'web four\n' });
    const edited = await nxOk(['run', `${name('web')}:docker-build`], CACHE_ON);
    expect(plain(edited.output)).toMatch(/load build definition/); // docker really ran
    expect((await runImage(image('web'))).trim()).toBe('web four\nlib two');

    expect((await docker('image', 'rm', image('web'))).exitCode).toBe(0);
    const again = await nxOk(['run', `${name('web')}:docker-build`], CACHE_ON);
    expect(plain(again.output)).toMatch(/load build definition/); // docker really ran
    expect((await runImage(image('web'))).trim()).toBe('web four\nlib two');
  });
});

// What the .dockerignore in force excludes is no input (negative inputs): with Nx's cache
// on, an edit of such a file hashes the same, so the affected image is a cache hit and
// docker never runs; an edit of a file it lets through builds.
describe('.dockerignore exclusions are not inputs', () => {
  const CACHE_ON = { NX_SKIP_NX_CACHE: 'false' };
  const ign = `${dir}/ign`;
  // A hit replays the stored terminal output (docker's lines included): Nx's own words
  // tell (with no outputs to restore, a hit is "existing outputs match the cache").
  const hit = new RegExp(
    `> nx run ${name('ign')}:docker-build +\\[(local cache|existing outputs match the cache, left as is)\\]`,
  );

  beforeAll(async () => {
    await writeFiles({
      [`${ign}/project.json`]: project('ign'),
      [`${ign}/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY ${ign}/src /src\nCMD ["cat", "/src/app.txt"]\n`,
      [`${ign}/Dockerfile.dockerignore`]: `**/*.test.txt\n${ign}/src/fixtures/\n`,
      [`${ign}/src/app.txt`]: 'ign one\n',
      [`${ign}/src/app.test.txt`]: 'test one\n',
      [`${ign}/src/fixtures/big.txt`]: 'fixture one\n',
    });
    await commit('dockerignore project', [dir]);
    // The hash holds the image IDs found at hash time: the first run (no image yet) is
    // stored under a hash that never repeats; the second, with the image there, under
    // the one later runs compute — it rebuilds the very same image (reproducible).
    await nxOk(['run', `${name('ign')}:docker-build`], CACHE_ON);
    await nxOk(['run', `${name('ign')}:docker-build`], CACHE_ON);
  });

  afterAll(() => removeImages([image('ign')]));

  it('an edit of excluded files builds nothing; an edit of a copied one builds', async () => {
    const inputs = JSON.parse((await nxOk(['show', 'project', name('ign'), '--json'])).stdout)
      .namedInputs['docker-build'];
    expect(inputs).toEqual(
      expect.arrayContaining(['!{projectRoot}/**/*.test.txt', '!{projectRoot}/src/fixtures/**']),
    );

    const base = await git('rev-parse', 'HEAD');
    await writeFiles({
      [`${ign}/src/app.test.txt`]: 'test two\n',
      [`${ign}/src/fixtures/big.txt`]: 'fixture two\n',
    });
    const head = await commit('excluded edit', [dir]);
    const excluded = await nxOk(
      ['affected', '-t', 'docker-build', `--base=${base}`, `--head=${head}`],
      CACHE_ON,
    );
    // Nx lists the docker-build of the touched project; its unchanged hash makes it a hit.
    expect(tasksRun(excluded.output)).toEqual([`${name('ign')}:docker-build`]);
    expect(plain(excluded.output)).toMatch(hit);

    await writeFiles({ [`${ign}/src/app.txt`]: 'ign two\n' });
    const head2 = await commit('copied edit', [dir]);
    const copied = await nxOk(
      ['affected', '-t', 'docker-build', `--base=${head}`, `--head=${head2}`],
      CACHE_ON,
    );
    expect(tasksRun(copied.output)).toEqual([`${name('ign')}:docker-build`]);
    expect(plain(copied.output)).not.toMatch(hit);
    expect((await runImage(image('ign'))).trim()).toBe('ign two');
  });
});

it('docker-fresh builds with the options set on docker-build in project.json; the command line wins', async () => {
  const opt = `${dir}/opt`;
  await writeFiles({
    [`${opt}/project.json`]: project('opt', {
      targets: {
        'docker-build': {
          options: { buildArgs: { GREETING: 'from-build' } },
          configurations: { other: { buildArgs: { GREETING: 'from-config' } } },
        },
      },
    }),
    [`${opt}/Dockerfile`]: `FROM ${BUSYBOX}\nARG GREETING\nRUN echo "$GREETING" > /g.txt\nCMD ["cat", "/g.txt"]\n`,
  });
  await commit('options project', [dir]);
  try {
    await nxOk(['run', `${name('opt')}:docker-fresh`]);
    expect((await runImage(image('opt'))).trim()).toBe('from-build');
    await nxOk(['run', `${name('opt')}:docker-fresh:other`]);
    expect((await runImage(image('opt'))).trim()).toBe('from-config');
    await nxOk(['run', `${name('opt')}:docker-fresh`, '--buildArgs.GREETING=from-cli']);
    expect((await runImage(image('opt'))).trim()).toBe('from-cli');
  } finally {
    await removeImages([image('opt')]);
  }
});
