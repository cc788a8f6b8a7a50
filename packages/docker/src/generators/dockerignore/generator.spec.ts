import type { Tree } from '@nx/devkit';
import {
  addProjectConfiguration,
  updateProjectConfiguration,
  readProjectConfiguration,
} from '@nx/devkit';
import { contextDigest, contextFiles } from '@nx-buildx/buildx';
import { testdir, writeTree } from '../../../../buildx/src/testing/testdir';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changesOf, emptyWorkspace } from '../testing/tree';
import { dockerignoreGenerator } from './generator';

/** api → util (implicit) → core (package.json); web is unrelated. */
function workspace(): Tree {
  const tree = emptyWorkspace();
  tree.write('package-lock.json', '{}');
  const build = (root: string) => ({
    build: { executor: 'nx:noop', outputs: [`{workspaceRoot}/dist/${root}`] },
  });
  addProjectConfiguration(tree, 'api', {
    root: 'apps/api',
    implicitDependencies: ['util'],
    targets: build('apps/api'),
  });
  addProjectConfiguration(tree, 'util', { root: 'libs/util', targets: {} });
  tree.write(
    'libs/util/package.json',
    JSON.stringify({ name: '@acme/util', dependencies: { '@acme/core': '*' } }),
  );
  addProjectConfiguration(tree, 'core', { root: 'libs/core', targets: build('libs/core') });
  tree.write('libs/core/package.json', JSON.stringify({ name: '@acme/core' }));
  addProjectConfiguration(tree, 'web', {
    root: 'apps/web',
    targets: { build: { executor: 'nx:noop', outputs: ['{projectRoot}/dist'] } },
  });
  tree.write('apps/api/Dockerfile', 'FROM node:20-slim\nCOPY dist/apps/api /app\n');
  return tree;
}

const read = (tree: Tree, path = 'apps/api/Dockerfile.dockerignore') =>
  tree.read(path, 'utf8') ?? '';
const patterns = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('dockerignore generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspace();
  });

  it('writes <Dockerfile>.dockerignore: everything out, the project, its dependency closure, root files and build output in, secrets and caches out last', async () => {
    await dockerignoreGenerator(tree, { project: 'api' });
    expect(patterns(read(tree))).toEqual([
      '*',
      '!apps/api',
      '!libs/core',
      '!libs/util',
      '!package-lock.json',
      '!package.json',
      '!tsconfig.base.json',
      '!dist/apps/api',
      '.git',
      '**/node_modules',
      '**/.env',
      '**/.env.*',
      '**/*.pem',
      '**/*.key',
      '**/*.p12',
      '**/*.pfx',
      '**/id_rsa*',
      '**/id_dsa*',
      '**/id_ecdsa*',
      '**/id_ed25519*',
      '**/.nx',
      '**/*.log',
      'dist/docker',
    ]);
    expect(read(tree)).toMatch(
      /^# Written by: nx g @nx-buildx\/docker:dockerignore --project api\n/,
    );
  });

  it('re-includes a dependency added later when run again', async () => {
    await dockerignoreGenerator(tree, { project: 'api' });
    expect(read(tree)).not.toContain('!apps/web');
    updateProjectConfiguration(tree, 'api', {
      ...readProjectConfiguration(tree, 'api'),
      implicitDependencies: ['util', 'web'],
    });
    await dockerignoreGenerator(tree, { project: 'api' });
    expect(patterns(read(tree))).toEqual(expect.arrayContaining(['!apps/web', 'apps/web/dist']));
  });

  it("keeps another project's output inside a re-included directory out", async () => {
    updateProjectConfiguration(tree, 'util', {
      ...readProjectConfiguration(tree, 'util'),
      targets: { build: { executor: 'nx:noop', outputs: ['{projectRoot}/dist'] } },
    });
    await dockerignoreGenerator(tree, { project: 'api' });
    expect(patterns(read(tree)).slice(-1)).toEqual(['libs/util/dist']);
  });

  it('--mode simple writes the classic list, other outputs out and its own back in', async () => {
    await dockerignoreGenerator(tree, { project: 'api', mode: 'simple' });
    const text = read(tree);
    expect(patterns(text)).not.toContain('*');
    expect(patterns(text)).toEqual(
      expect.arrayContaining([
        '.git',
        '**/node_modules',
        '**/.env.*',
        '**/tmp',
        '**/coverage',
        'dist',
        'apps/web/dist',
        '!dist/apps/api',
      ]),
    );
    expect(text.indexOf('\ndist\n')).toBeLessThan(text.indexOf('!dist/apps/api'));
    expect(text).toContain('--project api --mode simple');
  });

  it("a project's context gets <context>/.dockerignore with context-relative paths", async () => {
    updateProjectConfiguration(tree, 'api', {
      ...readProjectConfiguration(tree, 'api'),
      targets: {
        ...readProjectConfiguration(tree, 'api').targets,
        'docker-build': {
          executor: '@nx-buildx/docker:docker-build',
          options: { context: 'apps/api' },
        },
      },
    });
    await dockerignoreGenerator(tree, { project: 'api' });
    expect(tree.exists('apps/api/Dockerfile.dockerignore')).toBe(false);
    const lines = patterns(read(tree, 'apps/api/.dockerignore'));
    expect(lines).not.toContain('*'); // the whole context is the project
    expect(lines).not.toContain('dist/docker'); // outside this context
    expect(lines).toEqual(expect.arrayContaining(['.git', '**/node_modules', '**/.env']));
  });

  it('--context . overrides the target and writes beside a variant Dockerfile', async () => {
    tree.write('apps/api/Dockerfile.worker', 'FROM busybox\n');
    await dockerignoreGenerator(tree, {
      project: 'api',
      dockerfile: 'apps/api/Dockerfile.worker',
      context: '.',
    });
    expect(read(tree, 'apps/api/Dockerfile.worker.dockerignore')).toContain('\n!apps/api\n');
  });

  it('lists a cache directory inside the workspace as never sent', async () => {
    const env = process.env.NX_BUILDX_CACHE_DIR;
    process.env.NX_BUILDX_CACHE_DIR = `${tree.root}/.buildx-cache`;
    try {
      await dockerignoreGenerator(tree, { project: 'api' });
    } finally {
      if (env === undefined) delete process.env.NX_BUILDX_CACHE_DIR;
      else process.env.NX_BUILDX_CACHE_DIR = env;
    }
    expect(patterns(read(tree))).toContain('.buildx-cache');
  });

  it('changes nothing the second time', async () => {
    await dockerignoreGenerator(tree, { project: 'api' });
    const first = changesOf(tree);
    await dockerignoreGenerator(tree, { project: 'api' });
    expect(changesOf(tree)).toEqual(first);
  });

  it.each([
    [{ project: 'nope' }, /there is no project named "nope"/],
    [{ project: 'web' }, /project web has no Dockerfile in apps\/web/],
    [{ project: 'api', mode: 'strict' }, /mode: must be one of "graph", "simple"/],
  ])('refuses %j, saying why', async (options, message) => {
    await expect(dockerignoreGenerator(tree, options)).rejects.toThrow(message);
  });
});

describe('the context Docker is sent with the generated file (contextFiles)', () => {
  const files = {
    'package.json': '{}',
    'package-lock.json': '{}',
    'tsconfig.base.json': '{}',
    'nx.json': '{}',
    '.git/HEAD': 'ref: refs/heads/main',
    '.env': 'TOKEN=x',
    '.nx/workspace-data/graph.json': '{}',
    'node_modules/left-pad/index.js': '',
    'npm-debug.log': '',
    'apps/api/Dockerfile': 'FROM node:20-slim\n',
    'apps/api/src/main.ts': 'console.log(1)',
    'apps/api/.env.local': 'TOKEN=y',
    'apps/api/certs/server.key': 'KEY',
    'apps/api/node_modules/x/index.js': '',
    'libs/util/src/index.ts': 'export {}',
    'libs/core/src/index.ts': 'export {}',
    'apps/web/src/main.ts': 'web',
    'apps/web/dist/index.html': '<html>',
    'dist/apps/api/main.js': 'main',
    'dist/apps/web/main.js': 'web',
    'dist/docker/apps/api/metadata.json': '{}',
  };

  async function generated(): Promise<string> {
    const tree = workspace();
    await dockerignoreGenerator(tree, { project: 'api' });
    const dir = await testdir(files);
    await writeFile(join(dir, 'apps/api/Dockerfile.dockerignore'), read(tree));
    return dir;
  }

  it('holds only the project, its dependencies, root files and its build output', async () => {
    const dir = await generated();
    expect(await contextFiles(dir, { dockerfile: 'apps/api/Dockerfile' })).toEqual([
      'apps/api/Dockerfile',
      'apps/api/Dockerfile.dockerignore',
      'apps/api/src/main.ts',
      'dist/apps/api/main.js',
      'libs/core/src/index.ts',
      'libs/util/src/index.ts',
      'package-lock.json',
      'package.json',
      'tsconfig.base.json',
    ]);
  });

  it('has the same digest after a change in an unrelated project, another after a change in a dependency', async () => {
    const dir = await generated();
    const digest = () => contextDigest(dir, { dockerfile: 'apps/api/Dockerfile' });
    const before = await digest();
    await writeTree(dir, {
      'apps/web/src/main.ts': 'web 2',
      'dist/apps/web/main.js': 'web 2',
      'apps/web/src/new.ts': '',
    });
    expect(await digest()).toBe(before);
    await writeTree(dir, { 'libs/core/src/index.ts': 'export const x = 1' });
    expect(await digest()).not.toBe(before);
  });
});
