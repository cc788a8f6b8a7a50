import type { Tree } from '@nx/devkit';
import {
  addProjectConfiguration,
  readNxJson,
  readProjectConfiguration,
  updateNxJson,
} from '@nx/devkit';
import { changesOf, emptyWorkspace } from '../testing/tree';
import { configurationGenerator } from './generator';

function workspace(withBuild = true): Tree {
  const tree = emptyWorkspace();
  addProjectConfiguration(tree, 'api', {
    root: 'apps/api',
    targets: withBuild ? { build: { executor: '@nx/esbuild:esbuild', options: {} } } : {},
  });
  tree.write('apps/api/Dockerfile', 'FROM node:20-slim\nCOPY dist/apps/api /app\n');
  return tree;
}

const plugin = (tree: Tree, options: Record<string, unknown>) =>
  updateNxJson(tree, { ...readNxJson(tree)!, plugins: [{ plugin: '@nx-buildx/docker', options }] });

describe('configuration generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspace();
  });

  it('writes docker-build and docker-fresh after build, with the default strategy and image', async () => {
    await configurationGenerator(tree, { project: 'api' });
    const options = { file: 'apps/api/Dockerfile', imageName: 'api', cacheStrategy: 'auto' };
    expect(readProjectConfiguration(tree, 'api').targets).toEqual({
      build: { executor: '@nx/esbuild:esbuild', options: {} },
      'docker-build': { executor: '@nx-buildx/docker:docker-build', dependsOn: ['build'], options },
      'docker-fresh': {
        executor: '@nx-buildx/docker:docker-fresh-build',
        dependsOn: ['build'],
        options,
      },
    });
  });

  it('leaves dependsOn out when the project has no build target', async () => {
    tree = workspace(false);
    await configurationGenerator(tree, { project: 'api' });
    expect(readProjectConfiguration(tree, 'api').targets?.['docker-build']).not.toHaveProperty(
      'dependsOn',
    );
  });

  it('takes names, image, registry, tags and strategy from the plugin options in nx.json', async () => {
    plugin(tree, {
      buildTargetName: 'image',
      freshTargetName: 'image-fresh',
      imageName: 'acme-{projectName}',
      registry: 'ghcr.io/acme',
      tags: ['latest', '{shortSha}'],
      cacheStrategy: 'registry',
    });
    await configurationGenerator(tree, { project: 'api' });
    const targets = readProjectConfiguration(tree, 'api').targets!;
    expect(Object.keys(targets)).toEqual(['build', 'image', 'image-fresh']);
    expect(targets.image?.options).toEqual({
      file: 'apps/api/Dockerfile',
      imageName: 'acme-api',
      registry: 'ghcr.io/acme',
      tags: ['latest', '{shortSha}'],
      cacheStrategy: 'registry',
    });
  });

  it('options given win over the plugin options', async () => {
    plugin(tree, { cacheStrategy: 'registry', registry: 'ghcr.io/acme' });
    await configurationGenerator(tree, {
      project: 'api',
      cacheStrategy: 'local',
      imageName: 'my-api',
      registry: '127.0.0.1:5000',
      buildTargetName: 'img',
      freshTargetName: 'img-fresh',
      buildTarget: 'compile',
    });
    const targets = readProjectConfiguration(tree, 'api').targets!;
    expect(targets.img).toEqual({
      executor: '@nx-buildx/docker:docker-build',
      dependsOn: ['compile'],
      options: {
        file: 'apps/api/Dockerfile',
        imageName: 'my-api',
        registry: '127.0.0.1:5000',
        cacheStrategy: 'local',
      },
    });
    expect(targets['img-fresh']?.executor).toBe('@nx-buildx/docker:docker-fresh-build');
  });

  it('names a variant Dockerfile as the graph plugin does (docker-build-<v>, image <name>-<v>)', async () => {
    tree.write('apps/api/Dockerfile.worker', 'FROM busybox\n');
    await configurationGenerator(tree, {
      project: 'api',
      dockerfile: 'apps/api/Dockerfile.worker',
    });
    const targets = readProjectConfiguration(tree, 'api').targets!;
    expect(targets['docker-build-worker']?.options).toMatchObject({
      file: 'apps/api/Dockerfile.worker',
      imageName: 'api-worker',
    });
    expect(targets['docker-fresh-worker']).toBeDefined();
  });

  it("uses a project's only variant when it has no plain Dockerfile", async () => {
    tree.delete('apps/api/Dockerfile');
    tree.write('apps/api/web.Dockerfile', 'FROM busybox\n');
    await configurationGenerator(tree, { project: 'api' });
    expect(readProjectConfiguration(tree, 'api').targets?.['docker-build-web']).toBeDefined();
  });

  it('changes nothing the second time', async () => {
    await configurationGenerator(tree, { project: 'api', bake: true });
    const first = changesOf(tree);
    await configurationGenerator(tree, { project: 'api', bake: true });
    expect(changesOf(tree)).toEqual(first);
  });

  it('refuses to replace different targets without --force, and changes nothing', async () => {
    const targets = {
      build: { executor: 'nx:noop' },
      'docker-build': { executor: 'nx:run-commands', options: { command: 'docker build .' } },
    };
    addProjectConfiguration(tree, 'web', { root: 'apps/web', targets });
    tree.write('apps/web/Dockerfile', 'FROM busybox\n');
    const before = changesOf(tree);
    await expect(configurationGenerator(tree, { project: 'web' })).rejects.toThrow(
      /docker-build already exists and differs from what would be written; nothing was changed\.\nRun again with --force/,
    );
    expect(changesOf(tree)).toEqual(before);
    await configurationGenerator(tree, { project: 'web', force: true });
    expect(readProjectConfiguration(tree, 'web').targets?.['docker-build']?.executor).toBe(
      '@nx-buildx/docker:docker-build',
    );
  });

  it('with --bake adds a workspace docker-bake that bakes the projects from the graph after their builds', async () => {
    addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: {} });
    tree.write('apps/web/Dockerfile', 'FROM busybox\n');
    await configurationGenerator(tree, { project: 'api', bake: true });
    await configurationGenerator(tree, { project: 'web', bake: true });
    expect(readProjectConfiguration(tree, 'workspace')).toMatchObject({
      root: '.',
      targets: {
        'docker-bake': {
          executor: '@nx-buildx/docker:docker-bake',
          dependsOn: [{ target: 'build', projects: ['api'] }],
          options: { fromGraph: true, projects: ['api', 'web'], buildTarget: 'docker-build' },
        },
      },
    });
  });

  it('with --bake uses the project already at the workspace root', async () => {
    addProjectConfiguration(tree, 'root-app', {
      root: '.',
      targets: { lint: { executor: 'nx:noop' } },
    });
    await configurationGenerator(tree, { project: 'api', bake: true });
    expect(Object.keys(readProjectConfiguration(tree, 'root-app').targets!)).toEqual([
      'lint',
      'docker-bake',
    ]);
  });

  it('refuses to replace a docker-bake that is not a graph bake without --force', async () => {
    addProjectConfiguration(tree, 'workspace', {
      root: '.',
      targets: {
        'docker-bake': {
          executor: '@nx-buildx/docker:docker-bake',
          options: { files: ['bake.hcl'] },
        },
      },
    });
    await expect(configurationGenerator(tree, { project: 'api', bake: true })).rejects.toThrow(
      /workspace:docker-bake already exists/,
    );
    expect(readProjectConfiguration(tree, 'api').targets?.['docker-build']).toBeUndefined();
  });

  it.each([
    [{ project: 'nope' }, /there is no project named "nope".\nProjects: api/],
    [
      { project: 'api', dockerfile: 'apps/api/Dockerfile.x' },
      /--dockerfile apps\/api\/Dockerfile.x does not exist/,
    ],
    [{ project: 'api', cacheStrategy: 'disk' }, /cacheStrategy: must be one of/],
    [{ project: 'api', imageName: 'x', tags: ['a'] }, /unknown option "tags"/],
  ])('refuses %j, saying why', async (options, message) => {
    await expect(configurationGenerator(tree, options)).rejects.toThrow(message);
  });

  it('says how to get a Dockerfile when the project has none', async () => {
    tree.delete('apps/api/Dockerfile');
    await expect(configurationGenerator(tree, { project: 'api' })).rejects.toThrow(
      'nx g @nx-buildx/docker:dockerfile --project api',
    );
  });

  it('says what it wrote', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    await configurationGenerator(tree, { project: 'api' });
    const printed = info.mock.calls.flat().join('\n');
    info.mockRestore();
    expect(printed).toContain(
      'api: wrote docker-build (image api, cache strategy auto, after build) and docker-fresh from apps/api/Dockerfile into apps/api/project.json.',
    );
  });
});
