// `nx g @nx-buildx/docker:migrate` on configs the other plugins' own generators wrote:
// @nx-tools/nx-container 7.3.0 (`configuration`, supports nx <24) and @nx/docker 23.2.1
// (`init`, then its inferred docker:build), installed from the registry into this file's
// own workspace (the shared one must not get their graph plugins). The migrated targets
// then build on the real engine with the tags, labels and build args they had.
import { removeImages } from '../../packages/buildx/src/testing/container';
import { execaRunner } from '@nx-buildx/buildx';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { BUSYBOX, NX_ENV, unique, workspace } from './workspace';

jest.setTimeout(600_000);

const id = unique('mig');
const ctr = `ctr-${id}`; // nx-container's configuration generator
const dkr = `dkr-${id}`; // @nx/docker's inferred targets
const dkrImage = `apps-${dkr}`; // @nx/docker names the image after the folder
let ws = '';
let sha = '';

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(ws, path)), { recursive: true });
  writeFileSync(join(ws, path), text);
};
const read = (path: string) => readFileSync(join(ws, path), 'utf8');
const json = (path: string) => JSON.parse(read(path));
const run = async (cmd: string, args: string[]) => {
  const r = await execaRunner.run(cmd, args, {
    cwd: ws,
    env: { ...NX_ENV, NX_SKIP_NX_CACHE: 'true' },
  });
  const output = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`);
  if (r.exitCode !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.exitCode}:\n${output.slice(-4000)}`);
  return output;
};
const nx = (...args: string[]) => run('npx', ['nx', ...args]);
const git = (...args: string[]) =>
  run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args]);
const inspect = async (ref: string) =>
  JSON.parse(await run('docker', ['image', 'inspect', ref]))[0] as {
    Config: { Labels: Record<string, string> };
  };

const dockerfile = `FROM ${BUSYBOX}\nARG GREETING=unset\nLABEL e2e.greeting=$GREETING\nRUN echo "$GREETING" > /greeting\n`;
// @nx/docker builds in the project's folder: this COPY works only with that context.
const folderDockerfile = `${dockerfile}COPY hello.txt /hello.txt\n`;

beforeAll(async () => {
  const started = Date.now();
  ws = mkdtempSync(join(tmpdir(), 'nx-buildx-e2e-migrate-'));
  const packs = join(workspace(), '.packs'); // packed by the global setup
  const pack = (prefix: string) =>
    join(packs, readdirSync(packs).find((f) => f.startsWith(prefix)) as string);
  const nxVersion = JSON.parse(
    readFileSync(join(workspace(), 'node_modules/nx/package.json'), 'utf8'),
  ).version;
  write(
    'package.json',
    JSON.stringify({
      name: 'migrate-e2e',
      private: true,
      devDependencies: {
        nx: nxVersion,
        '@nx/js': nxVersion,
        '@nx/docker': '23.2.1',
        '@nx-tools/nx-container': '7.3.0',
        '@nx-buildx/buildx': `file:${pack('nx-buildx-buildx-')}`,
        '@nx-buildx/docker': `file:${pack('nx-buildx-docker-')}`,
      },
    }),
  );
  write('nx.json', JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }));
  write('.gitignore', 'node_modules\ndist\n.nx\n');
  for (const name of [ctr, dkr])
    write(
      `apps/${name}/project.json`,
      JSON.stringify({ name, root: `apps/${name}`, projectType: 'application' }),
    );
  write(`apps/${ctr}/Dockerfile`, dockerfile);
  write(`apps/${dkr}/Dockerfile`, folderDockerfile);
  write(`apps/${dkr}/hello.txt`, 'hello\n');
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
  await git('init', '-q', '-b', 'main');

  // Their generators, as a user runs them.
  await nx(
    'g',
    '@nx-tools/nx-container:configuration',
    '--project',
    ctr,
    '--template',
    'empty',
    '--engine',
    'docker',
    '--no-interactive',
  );
  await nx('g', '@nx/docker:init', '--skipPackageJson', '--no-interactive');
  write(`apps/${ctr}/Dockerfile`, dockerfile); // its template is for its own base image
  // …then extended as users do: a build arg, a label and a raw tag; plugin-wide args.
  const project = json(`apps/${ctr}/project.json`);
  const container = project.targets.container;
  container.options['build-args'] = ['GREETING=hello-from-nx-container'];
  container.options.metadata.labels = ['org.example.team=e2e'];
  container.options.metadata.tags.push('type=raw,value=stable');
  write(`apps/${ctr}/project.json`, JSON.stringify(project, null, 2));
  const nxJson = json('nx.json');
  const entry = nxJson.plugins.find((p: { plugin: string }) => p.plugin === '@nx/docker');
  entry.options.buildTarget.args = [
    '--build-arg GREETING=hi-from-nx-docker',
    '--label org.example.via=nx-docker',
  ];
  write('nx.json', JSON.stringify(nxJson, null, 2));
  await git('add', '-A');
  await git('commit', '-qm', 'their configs');
  sha = (await git('rev-parse', 'HEAD')).trim();
  console.log(`migrate e2e workspace ready in ${((Date.now() - started) / 1000).toFixed(0)}s`);
});

afterAll(async () => {
  if (sha)
    await removeImages([
      `${ctr}:main`,
      `${ctr}:sha-${sha.slice(0, 7)}`,
      `${ctr}:stable`,
      `${dkrImage}:latest`,
    ]);
  if (ws && !process.env.KEEP_E2E_WS) rmSync(ws, { recursive: true, force: true });
});

it('their generators wrote what migrate reads', async () => {
  expect(json(`apps/${ctr}/project.json`).targets.container.executor).toBe(
    '@nx-tools/nx-container:build',
  );
  const shown = JSON.parse(
    await nx('show', 'project', dkr, '--json').then((o) => o.slice(o.indexOf('{'))),
  );
  expect(shown.targets['docker:build'].options).toEqual({
    command: 'docker build .',
    cwd: `apps/${dkr}`,
    args: [
      `--tag ${dkrImage}`,
      '--build-arg GREETING=hi-from-nx-docker',
      '--label org.example.via=nx-docker',
    ],
  });
});

it('--dry-run prints the changes and what it cannot convert, and writes nothing', async () => {
  const before = [
    read('nx.json'),
    read(`apps/${ctr}/project.json`),
    read(`apps/${dkr}/project.json`),
  ];

  const output = await nx('g', '@nx-buildx/docker:migrate', '--dry-run', '--no-interactive');

  expect(output).toContain(
    `${ctr}:container (@nx-tools/nx-container:build → @nx-buildx/docker:docker-build)`,
  );
  expect(output).toContain('+ options.tags: ["{branch}","sha-{shortSha}","stable"]');
  expect(output).toContain(
    `${dkr}:docker:build (@nx/docker's inferred build → @nx-buildx/docker:docker-build)`,
  );
  expect(output).toMatch(
    new RegExp(`${ctr}:container metadata.tags type=schedule: .*scheduled runs only`),
  );
  expect(output).toMatch(/NOTE: The "dryRun" flag means no changes were made/);
  expect([
    read('nx.json'),
    read(`apps/${ctr}/project.json`),
    read(`apps/${dkr}/project.json`),
  ]).toEqual(before);
});

it('migrates, and the migrated targets build the same images on the real engine', async () => {
  await nx('g', '@nx-buildx/docker:migrate', '--no-interactive');

  expect(json('nx.json').plugins).toEqual([
    { plugin: '@nx-buildx/docker', options: { buildTargetName: 'docker:build' } },
  ]);
  expect(json(`apps/${ctr}/project.json`).targets.container).toEqual({
    executor: '@nx-buildx/docker:docker-build',
    dependsOn: ['build'],
    options: {
      buildArgs: { GREETING: 'hello-from-nx-container' },
      tags: ['{branch}', 'sha-{shortSha}', 'stable'],
      labels: { 'org.example.team': 'e2e' },
    },
  });

  // Our graph plugin, registered in @nx/docker's place, infers the fresh build beside it.
  // (Shown first: it computes the project graph the two builds then read.)
  const shown = await nx('show', 'project', dkr, '--json');
  await Promise.all([nx('run', `${ctr}:container`), nx('run', `${dkr}:docker:build`)]);
  for (const tag of ['main', `sha-${sha.slice(0, 7)}`, 'stable']) {
    const labels = (await inspect(`${ctr}:${tag}`)).Config.Labels;
    expect(labels).toMatchObject({
      'org.example.team': 'e2e',
      'e2e.greeting': 'hello-from-nx-container',
    });
  }
  const targets = JSON.parse(shown.slice(shown.indexOf('{'))).targets;
  expect(targets['docker:build'].executor).toBe('@nx-buildx/docker:docker-build');
  expect(targets['docker-fresh'].executor).toBe('@nx-buildx/docker:docker-fresh-build');
  expect((await inspect(`${dkrImage}:latest`)).Config.Labels).toMatchObject({
    'org.example.via': 'nx-docker',
    'e2e.greeting': 'hi-from-nx-docker',
  });
  // docker:run is kept as the command @nx/docker inferred.
  expect(json(`apps/${dkr}/project.json`).targets['docker:run']).toEqual({
    dependsOn: ['docker:build'],
    command: `docker run {args} ${dkrImage}`,
    options: { cwd: `apps/${dkr}` },
  });
});

it('a second run changes nothing and says there is nothing to migrate', async () => {
  await git('add', '-A');
  await git('commit', '-qm', 'migrated');

  const output = await nx('g', '@nx-buildx/docker:migrate', '--no-interactive');

  expect(output).toContain('migrate: nothing to migrate');
  expect(await git('status', '--porcelain')).toBe('\n');
});
