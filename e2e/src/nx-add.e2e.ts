// `nx add @nx-buildx/docker` exactly as a user runs it: `npm run try-it` (the README's "Try
// it in your workspace") builds both packages, starts verdaccio on 127.0.0.1 (no uplink) and
// publishes them there through `nx release`, and a fresh workspace, whose npm takes only the
// @nx-buildx scope from it, installs the plugin through `npx nx add`. The workspace runs the
// newest Nx, 24.0.6 (with @nx/devkit 24.0.0, the newest devkit), which a ">=22 <24" range
// refused; then the inferred targets appear, a build runs, `nx affected` rebuilds after a lib
// edit (also with --batch) and leaves an image the edit does not reach, and the generators
// work on the real project graph and the real engine. One more workspace does the same on
// the oldest major kept, Nx 22, and on the oldest engine pair one on Nx 23 too (the
// repository's own major, whose other e2e suites run on its install). Prereleases are admitted by the ranges (package-ranges.spec.ts).
import { contextDigest, contextFiles, execaRunner } from '@nx-buildx/buildx';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { removeImages } from '../../packages/buildx/src/testing/container';
import { BUSYBOX, LOCAL_REGISTRY, NX_ENV, unique } from './workspace';

jest.setTimeout(300_000);

const NX_VERSION = '24.0.6';
const DEVKIT_VERSION = '24.0.0';
const id = unique('add');
const app = `${id}-app`;
const made: string[] = [];
let registry: TryIt;
let ws: string;

const write = async (files: Record<string, string>) => {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(ws, path)), { recursive: true });
    await writeFile(join(ws, path), content);
  }
};
const read = (path: string) => readFile(join(ws, path), 'utf8');
const readJson = async <T = Record<string, unknown>>(path: string) =>
  JSON.parse(await read(path)) as T;
async function run(file: string, args: string[]) {
  const r = await execaRunner.run(file, args, { cwd: ws, env: NX_ENV });
  const output = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`);
  if (r.exitCode !== 0)
    throw new Error(`${file} ${args.join(' ')} exited ${r.exitCode}:\n${output.slice(-4000)}`);
  return output;
}
const nx = (...args: string[]) => run('npx', ['nx', ...args]);
const project = (root: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: root.split('/').pop(), root, ...extra }, null, 2);

/** A fresh workspace on `nxVersion` with an app (built to dist/) that depends on a lib. */
async function freshWorkspace(nxVersion: string, devkitVersion: string): Promise<void> {
  ws = await mkdtemp(join(tmpdir(), 'nx-buildx-add-'));
  made.push(ws);
  await write({
    'package.json': JSON.stringify(
      {
        name: 'fresh',
        private: true,
        devDependencies: { nx: nxVersion, '@nx/devkit': devkitVersion },
      },
      null,
      2,
    ),
    'nx.json': JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2),
    '.npmrc': `${registry.scopeLine}\n`,
    '.gitignore': 'node_modules\ndist\n',
    '.env': 'TOKEN=never-sent',
    [`apps/${app}/project.json`]: project(`apps/${app}`, {
      implicitDependencies: [`${id}-shared`],
      targets: {
        build: {
          command: `mkdir -p dist/apps/${app} && cp apps/${app}/src/main.js libs/${id}-shared/src/index.js dist/apps/${app}/`,
          outputs: [`{workspaceRoot}/dist/apps/${app}`],
        },
      },
    }),
    [`apps/${app}/src/main.js`]: 'console.log("hello")\n',
    [`apps/${app}/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY dist/apps/${app} /app\nCMD ["cat", "/app/main.js"]\n`,
    [`libs/${id}-shared/project.json`]: project(`libs/${id}-shared`),
    [`libs/${id}-shared/src/index.js`]: 'export const shared = 1;\n',
    [`apps/${id}-other/project.json`]: project(`apps/${id}-other`),
    [`apps/${id}-other/src/index.js`]: 'other\n',
    // an image of its own, untouched by the lib edit: `nx affected` must leave it alone
    [`apps/${id}-other/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY apps/${id}-other/src /src\n`,
    [`dist/apps/${id}-other/index.js`]: 'other output\n',
  });
  // nx itself from the npm cache when it is there (the plugin, in nx add, always from the registry)
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
  await run('git', ['init', '-q']);
}

/** A lib edit, committed: `nx affected` against the commit before rebuilds the app's image. */
async function affectedAfterLibEdit(value: number, batch: boolean): Promise<string> {
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args]);
  await git('add', '-A');
  await git('commit', '-qm', `before ${value}`, '--allow-empty');
  await write({ [`libs/${id}-shared/src/index.js`]: `export const shared = ${value};\n` });
  await git('add', '-A');
  await git('commit', '-qm', `lib edit ${value}`);
  return nx(
    'affected',
    '-t',
    'docker-build',
    '--base=HEAD~1',
    '--head=HEAD',
    '--output-style=stream',
    ...(batch ? ['--batch'] : []),
  );
}

const REPO = join(__dirname, '../..');
/** The release preview reads no engine: the smoke run on the oldest pair (tools/test.sh) leaves it out. */
const onNewestPair = process.env.NX_BUILDX_SMOKE === 'oldest' ? it.skip : it;
const site = `${id}-site`;

/**
 * The dockerfile generator on the real graph and engine: a static site gets its Dockerfile,
 * and its docker-build, after the site's build, serves what that build wrote.
 */
async function generatedSite(text: string): Promise<void> {
  await write({
    [`apps/${site}/project.json`]: project(`apps/${site}`, {
      targets: {
        build: {
          command: `mkdir -p dist/apps/${site} && cp apps/${site}/src/index.html dist/apps/${site}/`,
          outputs: [`{workspaceRoot}/dist/apps/${site}`],
        },
      },
    }),
    [`apps/${site}/src/index.html`]: `${text}\n`,
  });
  const generated = await nx(
    'g',
    '@nx-buildx/docker:dockerfile',
    site,
    '--template=static',
    `--baseImage=${LOCAL_REGISTRY}/nginx-unprivileged:stable`,
  );
  expect(generated).toContain(`${site}: apps/${site}/Dockerfile (template static`);
  const built = await nx('run', `${site}:docker-build`, '--output-style=stream');
  expect(built).toMatch(new RegExp(`nx run ${site}:build`));
  const served = await execaRunner.run('docker', [
    'run',
    '--rm',
    `${site}:latest`,
    'cat',
    '/usr/share/nginx/html/index.html',
  ]);
  expect(served.stdout).toBe(text);
}

interface TryIt {
  /** The version both packages were published at. */
  version: string;
  /** The `.npmrc` line that sends the @nx-buildx scope to the registry. */
  scopeLine: string;
  /** Stops the verdaccio try-it left running (by the PID it printed) and removes its folder. */
  stop(): Promise<void>;
}

/** `npm run try-it` in the repo, as the README says, read from what it prints. */
async function tryIt(): Promise<TryIt> {
  const r = await execaRunner.run('npm', ['run', '--silent', 'try-it'], { cwd: REPO, env: NX_ENV });
  if (r.exitCode !== 0)
    throw new Error(`npm run try-it exited ${r.exitCode}:\n${r.stderr.slice(-4000)}`);
  const field = (re: RegExp) => {
    const m = re.exec(r.stdout);
    if (!m?.[1]) throw new Error(`npm run try-it printed no ${re}:\n${r.stdout}`);
    return m[1];
  };
  const pid = Number(field(/^verdaccio: pid (\d+),/m));
  const dir = field(/storage and log in (\S+)$/m);
  expect(r.stdout).toMatch(new RegExp(`^stop it: +kill ${pid} && rm -rf ${dir}$`, 'm'));
  return {
    version: field(/^Published @nx-buildx\/buildx and @nx-buildx\/docker (\S+) to /m),
    scopeLine: field(/^ +(@nx-buildx:registry=http:\/\/127\.0\.0\.1:\d+\/)$/m),
    stop: async () => {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((ok) => setTimeout(ok, 100));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const imageFile = async (path: string) =>
  (await execaRunner.run('docker', ['run', '--rm', `${app}:latest`, 'cat', path])).stdout;

beforeAll(async () => {
  registry = await tryIt();
  await freshWorkspace(NX_VERSION, DEVKIT_VERSION);
});

afterAll(async () => {
  await registry?.stop();
  await removeImages([`${app}:latest`, `${id}-other:latest`, `${site}:latest`]);
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

it('nx add installs the plugin from the registry beside Nx 24 and runs init', async () => {
  const output = await nx('add', '@nx-buildx/docker');
  expect(output).toMatch(/registered the graph plugin in nx.json/);
  expect(output).toMatch(/nx g @nx-buildx\/docker:dockerignore --project <name>/);
  expect((await readJson<{ plugins: unknown[] }>('nx.json')).plugins).toEqual([
    {
      plugin: '@nx-buildx/docker',
      options: {
        buildTargetName: 'docker-build',
        freshTargetName: 'docker-fresh',
        imageName: '{projectName}',
        cacheStrategy: 'auto',
        cache: false,
      },
    },
  ]);
  const lock = await readJson<{
    packages: Record<string, { version: string; integrity?: string }>;
  }>('package-lock.json');
  // what try-it published through nx release, which only the local registry has: both at
  // one version, the plugin's dependency on the core rewritten to it
  expect(registry.version).toMatch(/^\d+\.\d+\.\d+-local\.\d{14}$/);
  expect(lock.packages['node_modules/@nx-buildx/docker']?.version).toBe(registry.version);
  expect(lock.packages['node_modules/@nx-buildx/buildx']?.version).toBe(registry.version);
  const installed = await readJson<{ dependencies: Record<string, string> }>(
    'node_modules/@nx-buildx/docker/package.json',
  );
  expect(installed.dependencies['@nx-buildx/buildx']).toBe(registry.version);
  // one devkit: the workspace's, no second copy nested under the plugin
  const devkits = Object.keys(lock.packages).filter((p) => p.endsWith('node_modules/@nx/devkit'));
  expect(devkits).toEqual(['node_modules/@nx/devkit']);
  expect(lock.packages['node_modules/@nx/devkit']?.version).toBe(DEVKIT_VERSION);
});

it('init a second time changes nothing', async () => {
  const before = await read('nx.json');
  const output = await nx('g', '@nx-buildx/docker:init');
  expect(output).toMatch(/already registered in nx.json/);
  expect(output).not.toMatch(/^(CREATE|UPDATE) /m);
  expect(await read('nx.json')).toBe(before);
});

it('the inferred targets appear and a build runs (after the build it copies)', async () => {
  const shown = JSON.parse(await nx('show', 'project', app, '--json')) as {
    targets: Record<string, { executor: string; dependsOn?: unknown[] }>;
  };
  expect(shown.targets['docker-build']).toMatchObject({
    executor: '@nx-buildx/docker:docker-build',
    dependsOn: expect.arrayContaining(['build']),
  });
  expect(shown.targets['docker-fresh']?.executor).toBe('@nx-buildx/docker:docker-fresh-build');
  const output = await nx('run', `${app}:docker-build`, '--output-style=stream');
  expect(output).toMatch(new RegExp(`nx run ${app}:build`));
  expect(output).toMatch(/Successfully ran target docker-build/);
});

it.each([false, true])(
  'nx affected -t docker-build (batch: %s) after a lib edit rebuilds the app with the edit, and only it',
  async (batch) => {
    const value = batch ? 3 : 2;
    const output = await affectedAfterLibEdit(value, batch);
    expect(output).toMatch(new RegExp(`nx run ${app}:build`));
    expect(output).toMatch(/Successfully ran target docker-build for project/);
    expect(output).not.toMatch(new RegExp(`${id}-other:docker-build`));
    expect(await imageFile('/app/index.js')).toContain(`shared = ${value}`);
  },
);

describe('dockerignore on the real graph and the real engine', () => {
  const file = `apps/${app}/Dockerfile.dockerignore`;

  it('--dry-run shows the file and writes nothing; the run writes it', async () => {
    const dry = await nx('g', '@nx-buildx/docker:dockerignore', app, '--dry-run');
    expect(dry).toMatch(new RegExp(`CREATE ${file}`));
    expect(existsSync(join(ws, file))).toBe(false);
    expect(await nx('g', '@nx-buildx/docker:dockerignore', app)).toMatch(
      new RegExp(`CREATE ${file}`),
    );
    const text = await read(file);
    expect(text).toContain(`\n!apps/${app}\n!libs/${id}-shared\n`);
    expect(text).not.toContain(`${id}-other`);
  });

  it('BuildKit sends exactly what contextFiles lists: the project, its dependency, root files, its output', async () => {
    // A Dockerfile outside the workspace that exports its whole context, with the generated
    // file as its own .dockerignore.
    const probe = await mkdtemp(join(tmpdir(), 'nx-buildx-ctx-'));
    made.push(probe);
    await writeFile(join(probe, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
    await cp(join(ws, file), join(probe, 'Dockerfile.dockerignore'));
    const out = join(probe, 'out');
    const built = await execaRunner.run('docker', [
      'buildx',
      'build',
      '--progress',
      'plain',
      '-f',
      join(probe, 'Dockerfile'),
      '--output',
      `type=local,dest=${out}`,
      ws,
    ]);
    if (built.exitCode !== 0)
      throw new Error(`the context probe failed:\n${built.stderr.slice(-2000)}`);
    const sent = (await readdir(out, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(out, join(e.parentPath, e.name)))
      .sort();
    const listed = await contextFiles(ws, { dockerfile: join(probe, 'Dockerfile') });
    expect(sent).toEqual(listed);
    expect(listed).toEqual(
      [
        `apps/${app}/Dockerfile`,
        `apps/${app}/Dockerfile.dockerignore`,
        `apps/${app}/project.json`,
        `apps/${app}/src/main.js`,
        `dist/apps/${app}/index.js`,
        `dist/apps/${app}/main.js`,
        `libs/${id}-shared/project.json`,
        `libs/${id}-shared/src/index.js`,
        'package-lock.json',
        'package.json',
      ].sort(),
    );

    // Without it (no .dockerignore at all) the context is the whole workspace.
    const size = async (files: string[]) =>
      (await Promise.all(files.map((f) => stat(join(ws, f))))).reduce((n, s) => n + s.size, 0);
    const everything = await contextFiles(ws, { dockerfile: join(probe, 'none/Dockerfile') });
    const [small, whole] = [await size(listed), await size(everything)];
    console.log(
      `context with the generated file: ${listed.length} files, ${small} B; without: ${everything.length} files, ${whole} B`,
    );
    expect(small * 1000).toBeLessThan(whole);

    const digest = () => contextDigest(ws, { dockerfile: join(probe, 'Dockerfile') });
    const before = await digest();
    await write({
      [`apps/${id}-other/src/index.js`]: 'changed\n',
      [`dist/apps/${id}-other/index.js`]: 'changed\n',
    });
    expect(await digest()).toBe(before);
  });

  it('run again after a new dependency, it re-includes that project', async () => {
    await write({
      [`libs/${id}-extra/project.json`]: project(`libs/${id}-extra`),
      [`libs/${id}-extra/src/index.js`]: 'export const extra = 1;\n',
    });
    const config = await readJson<{ implicitDependencies: string[] }>(`apps/${app}/project.json`);
    config.implicitDependencies.push(`${id}-extra`);
    await write({ [`apps/${app}/project.json`]: JSON.stringify(config, null, 2) });
    expect(await nx('g', '@nx-buildx/docker:dockerignore', app)).toMatch(
      new RegExp(`UPDATE ${file}`),
    );
    expect(await read(file)).toContain(`\n!libs/${id}-extra\n`);
  });
});

it('configuration --dry-run shows the files; the run writes explicit targets and a workspace docker-bake Nx accepts', async () => {
  const before = await read(`apps/${app}/project.json`);
  const dry = await nx('g', '@nx-buildx/docker:configuration', app, '--bake', '--dry-run');
  expect(dry).toMatch(new RegExp(`UPDATE apps/${app}/project.json`));
  expect(dry).toMatch(/^CREATE project.json/m);
  expect(await read(`apps/${app}/project.json`)).toBe(before);
  expect(existsSync(join(ws, 'project.json'))).toBe(false);
  const output = await nx('g', '@nx-buildx/docker:configuration', app, '--bake');
  expect(output).toMatch(
    new RegExp(`wrote docker-build \\(image ${app}, cache strategy auto, after build\\)`),
  );
  const written = await readJson<{ targets: Record<string, unknown> }>(`apps/${app}/project.json`);
  expect(written.targets['docker-build']).toEqual({
    executor: '@nx-buildx/docker:docker-build',
    dependsOn: ['build'],
    options: { file: `apps/${app}/Dockerfile`, imageName: app, cacheStrategy: 'auto' },
  });
  const bake = JSON.parse(await nx('show', 'project', 'workspace', '--json')) as {
    targets: Record<string, { options: { projects: string[] } }>;
  };
  expect(bake.targets['docker-bake']?.options.projects).toEqual([app]);
});

onNewestPair(
  "nx release writes the plugin's changelog from the repo's commits, both packages at one version",
  async () => {
    const git = (...args: string[]) => execaRunner.run('git', args, { cwd: REPO });
    const status = (await git('status', '--porcelain')).stdout;
    // the newest subject that is no conventional commit ("type: …", which Nx files under its
    // type, hidden for most): plain commits are listed under "Changes"
    const subject = (await git('log', '-50', '--format=%s')).stdout
      .split('\n')
      .find((s) => !/^[\w-]+(\([^)]*\))?!?: /.test(s)) as string;
    const r = await execaRunner.run(
      'npx',
      ['nx', 'release', '--first-release', '--dry-run', '--skip-publish', '9.9.9'],
      { cwd: REPO, env: NX_ENV },
    );
    const output = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`);
    expect(r.exitCode).toBe(0);
    expect(output).toMatch(/^\+ ## 9\.9\.9 /m);
    expect(output).toMatch(/^\+ ### Changes$/m);
    expect(output).toContain(`+ - ${subject.slice(0, 60)}`);
    // versions in step, and the plugin's dependency on the core follows
    expect(output).toMatch(/@nx-buildx\/buildx.*9\.9\.9/);
    expect(output).toMatch(/"@nx-buildx\/buildx": "9\.9\.9"/);
    expect((await git('status', '--porcelain')).stdout).toBe(status); // a dry run
  },
);

it('the dockerfile generator writes a Dockerfile whose image serves the build', () =>
  generatedSite(`site on Nx ${NX_VERSION}`));

// The same install, build, affected and generator paths in a workspace of each other major
// kept (Nx 22 and 23). Nx 23, the repository's own, runs every other e2e suite on the
// newest pair; these fresh workspaces run in the smoke run on the oldest pair only, which
// runs beside the main run (tools/test.sh), so the main run's time stays down (issue 19).
const OTHER_MAJORS: Array<[string, string, number, number]> =
  process.env.NX_BUILDX_SMOKE === 'oldest'
    ? [
        ['23.3.2', '23.3.2', 8, 9],
        ['22.7.12', '22.7.12', 4, 5], // the oldest major kept
      ]
    : [];
// (jest refuses an empty table)
if (OTHER_MAJORS.length > 0)
  describe.each(OTHER_MAJORS)('on Nx %s', (nxVersion, devkitVersion, single, batched) => {
    beforeAll(() => freshWorkspace(nxVersion, devkitVersion));

    it('nx add installs the plugin, the inferred targets appear, affected (batched too) rebuilds after a lib edit, the generator works', async () => {
      expect(await nx('add', '@nx-buildx/docker')).toMatch(
        /registered the graph plugin in nx.json/,
      );
      const shown = JSON.parse(await nx('show', 'project', app, '--json')) as {
        targets: Record<string, { executor: string; dependsOn?: unknown[] }>;
      };
      expect(shown.targets['docker-build']).toMatchObject({
        executor: '@nx-buildx/docker:docker-build',
        dependsOn: expect.arrayContaining(['build']),
      });
      for (const [value, batch] of [
        [single, false],
        [batched, true],
      ] as const) {
        const output = await affectedAfterLibEdit(value, batch);
        expect(output).toMatch(/Successfully ran target docker-build for project/);
        expect(output).not.toMatch(new RegExp(`${id}-other:docker-build`));
        expect(await imageFile('/app/index.js')).toContain(`shared = ${value}`);
      }
      await generatedSite(`site on Nx ${nxVersion}`);
    });
  });
