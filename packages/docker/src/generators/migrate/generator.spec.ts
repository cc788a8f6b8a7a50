import type { Tree } from '@nx/devkit';
import {
  addProjectConfiguration,
  logger,
  readJson,
  readProjectConfiguration,
  updateNxJson,
  readNxJson,
} from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { migrate, migrateGenerator } from './generator';
import { noteLine } from './notes';

// Targets as @nx-tools/nx-container 7.3.0's and @nx/docker 23.2.1's generators write them
// (their dist/generators/*), then as users extend them.

/** `nx g @nx-tools/nx-container:configuration --project api` without its plugin. */
const containerGenerated = (name: string) => ({
  executor: '@nx-tools/nx-container:build',
  dependsOn: ['build'],
  options: {
    engine: 'docker',
    metadata: {
      images: [name],
      load: true,
      tags: [
        'type=schedule',
        'type=ref,event=branch',
        'type=ref,event=tag',
        'type=ref,event=pr',
        'type=sha,prefix=sha-',
      ],
    },
  },
});

afterEach(() => jest.restoreAllMocks());

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  return tree;
}

const addApp = (
  tree: Tree,
  name: string,
  targets: Record<string, unknown> = {},
  root = `apps/${name}`,
) => {
  addProjectConfiguration(tree, name, {
    root,
    projectType: 'application',
    targets: targets as never,
  });
  tree.write(`${root}/Dockerfile`, 'FROM busybox\n');
};

const notesOf = (r: { notes: Parameters<typeof noteLine>[0][] }) => r.notes.map(noteLine);

describe('@nx-tools/nx-container targets', () => {
  it("converts the configuration generator's target: metadata images and tags, event-only tags reported", () => {
    const tree = workspace();
    addApp(tree, 'api', { container: containerGenerated('api') });

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'api').targets?.container).toEqual({
      executor: '@nx-buildx/docker:docker-build',
      dependsOn: ['build'],
      options: { tags: ['{branch}', 'sha-{shortSha}'] },
    });
    expect(notesOf(report)).toEqual([
      expect.stringMatching(
        /^api:container metadata.tags type=schedule: metadata-action tags scheduled runs only/,
      ),
      expect.stringMatching(
        /^api:container metadata.tags type=ref,event=tag: the git tag of a tag push has no placeholder/,
      ),
      expect.stringMatching(
        /^api:container metadata.tags type=ref,event=pr: the pull request number/,
      ),
      'api:container metadata.load: has no effect on the build; dropped',
    ]);
  });

  it('maps every kebab-case option to its name here, with values in our shapes', () => {
    const tree = workspace();
    addApp(tree, 'web', {
      image: {
        executor: '@nx-tools/nx-container:build',
        options: {
          context: 'apps/web',
          file: 'apps/web/Dockerfile.prod',
          tags: ['registry.example.com/team/web:dev', 'registry.example.com/team/web:1.0'],
          'build-args': ['NODE_ENV=production', 'A=b=c'],
          labels: ['team=core'],
          'cache-from': 'type=registry,ref=registry.example.com/team/web:cache',
          'cache-to': ['type=inline'],
          platforms: ['linux/amd64', 'linux/arm64'],
          'add-hosts': ['db:10.0.0.2'],
          'build-contexts': ['shared=libs/shared'],
          'no-cache': true,
          pull: true,
          push: false,
          load: true,
          target: 'runtime',
          network: 'host',
          'shm-size': '128m',
          ulimit: ['nofile=1024:1024'],
          'cgroup-parent': ['ci'],
          provenance: 'false',
          sbom: true,
          quiet: true,
          secrets: ['NPM_TOKEN=${NPM_TOKEN}'],
          'secret-files': ['npmrc=./.npmrc'],
          builder: 'default',
        },
      },
    });

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'web').targets?.image?.options).toEqual({
      context: 'apps/web',
      file: 'apps/web/Dockerfile.prod',
      registry: 'registry.example.com/team',
      tags: ['dev', '1.0'],
      buildArgs: { NODE_ENV: 'production', A: 'b=c' },
      labels: { team: 'core' },
      cacheFrom: ['type=registry,ref=registry.example.com/team/web:cache'],
      cacheTo: ['type=inline'],
      platforms: ['linux/amd64', 'linux/arm64'],
      addHosts: ['db:10.0.0.2'],
      buildContexts: { shared: 'libs/shared' },
      noCache: true,
      pull: true,
      push: false,
      load: true,
      target: 'runtime',
      network: 'host',
      shmSize: '128m',
      ulimits: ['nofile=1024:1024'],
      cgroupParent: 'ci',
      provenance: false,
      sbom: true,
      progress: 'quiet',
      secrets: [
        { id: 'NPM_TOKEN', env: 'NPM_TOKEN' },
        { id: 'npmrc', src: './.npmrc' },
      ],
      builder: 'default',
    });
    expect(report.notes).toEqual([]);
  });

  it('reports a secret whose value is written in the options without repeating the value', () => {
    const tree = workspace();
    addApp(tree, 'api', {
      container: {
        executor: '@nx-tools/nx-container:build',
        options: { secrets: ['GIT_AUTH_TOKEN=ghp_sEcReT'] },
      },
    });

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'api').targets?.container?.options).toEqual({});
    expect(notesOf(report)).toEqual([
      expect.stringContaining(
        'api:container secrets GIT_AUTH_TOKEN=…: its value is written in the options',
      ),
    ]);
    expect(JSON.stringify(report)).not.toContain('ghp_sEcReT');
    expect(tree.read('apps/api/project.json', 'utf8')).not.toContain('ghp_sEcReT');
  });

  it('reports values nx-container reads from the environment and options docker-build refuses', () => {
    const tree = workspace();
    addApp(tree, 'api', {
      container: {
        executor: '@nx-tools/nx-container:build',
        options: {
          'build-args': ['VERSION=$VERSION', 'KEEP=1'],
          platforms: ['linux/amd64', 'windows/x86'],
          colour: 'red',
        },
      },
    });

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'api').targets?.container?.options).toEqual({
      buildArgs: { KEEP: '1' },
    });
    expect(notesOf(report)).toEqual([
      expect.stringMatching(/^api:container build-args VERSION=…: reads an environment variable/),
      'api:container colour: is not an option of @nx-tools/nx-container:build; dropped',
      expect.stringMatching(
        /^api:container platforms: \["linux\/amd64","windows\/x86"\] is refused here \(is not a platform/,
      ),
    ]);
  });

  it('writes a configuration as what it changes (ci: push with metadata tags over local dev tags)', () => {
    const tree = workspace();
    addApp(tree, 'api', {
      container: {
        executor: '@nx-tools/nx-container:build',
        options: { engine: 'docker', tags: ['api:dev'], labels: ['tier=dev'], load: true },
        configurations: {
          ci: {
            load: false,
            push: true,
            metadata: {
              images: ['ghcr.io/acme/api', 'docker.io/acme/api'],
              tags: ['type=sha'],
              flavor: ['latest=true'],
            },
          },
        },
      },
    });

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'api').targets?.container).toEqual({
      executor: '@nx-buildx/docker:docker-build',
      options: { tags: ['dev'], labels: { tier: 'dev' }, load: true },
      configurations: {
        ci: {
          load: false,
          push: true,
          registry: 'ghcr.io/acme',
          tags: [
            'sha-{shortSha}',
            'latest',
            'docker.io/acme/api:sha-{shortSha}',
            'docker.io/acme/api:latest',
          ],
          labels: {},
        },
      },
    });
    expect(notesOf(report)).toEqual([
      'api:container:ci tags: nx-container ignores tags when metadata has images; dropped',
      'api:container:ci labels: nx-container ignores labels when metadata has images; dropped',
    ]);
  });

  it('leaves a podman target as it is and says why', () => {
    const tree = workspace();
    const target = {
      executor: '@nx-tools/nx-container:build',
      options: { engine: 'podman', tags: ['api:dev'] },
    };
    addApp(tree, 'api', { container: target });

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'api').targets?.container).toEqual(target);
    expect(notesOf(report)).toEqual([
      'api:container engine podman: @nx-buildx/docker builds with docker buildx only; target left as it is',
    ]);
  });
});

describe('plugin entries in nx.json', () => {
  const withPlugins = (tree: Tree, plugins: unknown[]) =>
    updateNxJson(tree, { ...readNxJson(tree), plugins: plugins as never });

  it("@nx/docker (as its init writes it): our entry with its target name; each project's build and run kept", () => {
    const tree = workspace();
    withPlugins(tree, [
      {
        plugin: '@nx/docker',
        options: { buildTarget: { name: 'docker:build' }, runTarget: { name: 'docker:run' } },
      },
    ]);
    addApp(tree, 'api');

    const report = migrate(tree, { skipFormat: true });

    expect(readNxJson(tree)?.plugins).toEqual([
      { plugin: '@nx-buildx/docker', options: { buildTargetName: 'docker:build' } },
    ]);
    expect(readProjectConfiguration(tree, 'api').targets).toEqual({
      'docker:build': {
        executor: '@nx-buildx/docker:docker-build',
        options: { context: 'apps/api', imageName: 'apps-api' },
      },
      'docker:run': {
        dependsOn: ['docker:build'],
        command: 'docker run {args} apps-api',
        options: { cwd: 'apps/api' },
      },
    });
    expect(notesOf(report)).toEqual([
      expect.stringMatching(/^nx.json @nx\/docker nx-release-publish: /),
    ]);
  });

  it("@nx/docker args, tokens, configurations and a project's own override", () => {
    const tree = workspace();
    withPlugins(tree, [
      {
        plugin: '@nx/docker',
        options: {
          buildTarget: {
            name: 'container',
            args: [
              '--build-arg GREETING=hi',
              '--label "org.example.team=core team"',
              '--platform linux/amd64',
              '--tag {projectName}:{shortCommitSha}',
            ],
            env: { DOCKER_BUILDKIT: '1' },
            configurations: { prod: { args: ['--target prod', '--push'] } },
          },
          runTarget: 'serve',
        },
      },
    ]);
    addApp(tree, 'web', {
      container: {
        options: {
          args: [
            '--file ../shared/Dockerfile',
            '--secret id=npm,src=.npmrc',
            '--build-arg TOKEN={env.TOKEN}',
          ],
        },
      },
    });
    addApp(tree, 'api');

    const report = migrate(tree, { skipFormat: true });

    expect(readNxJson(tree)?.plugins).toEqual([
      { plugin: '@nx-buildx/docker', options: { buildTargetName: 'container' } },
    ]);
    const api = readProjectConfiguration(tree, 'api').targets;
    expect(api?.container).toEqual({
      executor: '@nx-buildx/docker:docker-build',
      options: {
        context: 'apps/api',
        tags: ['apps-api:latest', 'api:{shortSha}'],
        buildArgs: { GREETING: 'hi' },
        labels: { 'org.example.team': 'core team' },
        platforms: ['linux/amd64'],
      },
      configurations: {
        prod: {
          imageName: 'apps-api',
          tags: ['latest'],
          buildArgs: {},
          labels: {},
          platforms: [],
          target: 'prod',
          push: true,
        },
      },
    });
    // The override replaces the plugin's args (as Nx merges options), paths move to the root.
    expect(readProjectConfiguration(tree, 'web').targets?.container?.options).toEqual({
      context: 'apps/web',
      file: 'apps/shared/Dockerfile',
      secrets: [{ id: 'npm', src: 'apps/web/.npmrc' }],
    });
    expect(api?.serve).toEqual({
      dependsOn: ['container'],
      command: 'docker run {args} apps-api',
      options: { cwd: 'apps/api' },
    });
    expect(notesOf(report)).toEqual(
      expect.arrayContaining([
        'api:container env: docker-build has no environment option; set the variables in the shell or CI job that runs nx',
        expect.stringMatching(
          /^web:container args --build-arg TOKEN=\{env.TOKEN\}: \{env.TOKEN\} reads an environment variable/,
        ),
      ]),
    );
  });

  it('@nx-tools/nx-container: our entry with its target name, registry and dev tag; its ci configuration reported', () => {
    const tree = workspace();
    withPlugins(tree, [
      {
        plugin: '@nx-tools/nx-container',
        options: { defaultEngine: 'docker', defaultRegistry: 'ghcr.io/acme' },
        include: ['apps/**'],
      },
    ]);
    addApp(tree, 'api', { container: { options: { 'build-args': ['A=1'] } } });

    const report = migrate(tree, { skipFormat: true });

    expect(readNxJson(tree)?.plugins).toEqual([
      {
        plugin: '@nx-buildx/docker',
        options: { buildTargetName: 'container', registry: 'ghcr.io/acme', tags: ['dev'] },
        include: ['apps/**'],
      },
    ]);
    expect(readProjectConfiguration(tree, 'api').targets?.container).toEqual({
      executor: '@nx-buildx/docker:docker-build',
      options: { buildArgs: { A: '1' } },
    });
    expect(notesOf(report)).toEqual([
      expect.stringMatching(
        /^nx.json @nx-tools\/nx-container container:ci: plugin options here have no configurations/,
      ),
    ]);
  });

  it('@nx/docker: a folder that is a project through its Dockerfile alone gets a project.json', () => {
    const tree = workspace();
    withPlugins(tree, ['@nx/docker']);
    tree.write('tools/images/proxy/Dockerfile', 'FROM busybox\n');
    addApp(tree, 'api');

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'tools-images-proxy')).toMatchObject({
      root: 'tools/images/proxy',
      targets: {
        'docker:build': {
          executor: '@nx-buildx/docker:docker-build',
          options: { context: 'tools/images/proxy' },
        },
        'docker:run': { command: 'docker run {args} tools-images-proxy' },
      },
    });
    expect(report.changes).toContain(
      'tools-images-proxy: tools/images/proxy/project.json created (@nx/docker made it a project from its Dockerfile alone)',
    );
  });

  it("@nx/docker: a project's own docker:build (another executor) stays, and is reported", () => {
    const tree = workspace();
    withPlugins(tree, ['@nx/docker']);
    const own = { executor: 'nx:run-script', options: { script: 'docker' } };
    addApp(tree, 'api', { 'docker:build': own });

    const report = migrate(tree, { skipFormat: true });

    expect(readProjectConfiguration(tree, 'api').targets?.['docker:build']).toEqual(own);
    expect(readProjectConfiguration(tree, 'api').targets?.['docker:run']).toMatchObject({
      command: 'docker run {args} apps-api',
    });
    expect(notesOf(report)).toContain(
      "api:docker:build target: has its own nx:run-script, which replaced @nx/docker's; left as it is",
    );
  });

  it('a package.json project gets the changed targets in its nx field, nothing else', () => {
    const tree = workspace();
    tree.write(
      'libs/img/package.json',
      JSON.stringify({
        name: 'img',
        scripts: { test: 'echo' },
        nx: { targets: { container: containerGenerated('img') } },
      }),
    );

    migrate(tree, { skipFormat: true });

    expect(readJson(tree, 'libs/img/package.json')).toEqual({
      name: 'img',
      scripts: { test: 'echo' },
      nx: {
        targets: {
          container: {
            executor: '@nx-buildx/docker:docker-build',
            dependsOn: ['build'],
            options: { tags: ['{branch}', 'sha-{shortSha}'] },
          },
        },
      },
    });
  });

  it("targetDefaults for nx-container's executor become docker-build's", () => {
    const tree = workspace();
    updateNxJson(tree, {
      ...readNxJson(tree),
      targetDefaults: {
        build: { cache: true },
        '@nx-tools/nx-container:build': {
          dependsOn: ['build'],
          options: { 'build-args': ['A=1'], pull: true },
        },
        image: { executor: '@nx-tools/nx-container:build', options: { 'no-cache': true } },
      },
    });

    const report = migrate(tree, { skipFormat: true });

    expect(readNxJson(tree)?.targetDefaults).toEqual({
      build: { cache: true },
      '@nx-buildx/docker:docker-build': {
        dependsOn: ['build'],
        options: { buildArgs: { A: '1' }, pull: true },
      },
      image: { executor: '@nx-buildx/docker:docker-build', options: { noCache: true } },
    });
    expect(report.changes[0]).toBe(
      'nx.json targetDefaults: "@nx-tools/nx-container:build" → "@nx-buildx/docker:docker-build"',
    );
    expect(migrate(tree, { skipFormat: true })).toEqual({ changes: [], notes: [] });
  });

  it('keeps an existing @nx-buildx/docker entry and removes the foreign one', () => {
    const tree = workspace();
    withPlugins(tree, ['@nx-buildx/docker', '@nx/docker']);

    migrate(tree, { skipFormat: true });

    expect(readNxJson(tree)?.plugins).toEqual(['@nx-buildx/docker']);
  });
});

describe('a run', () => {
  it('changes nothing the second time, and says there is nothing to migrate', async () => {
    const tree = workspace();
    updateNxJson(tree, { ...readNxJson(tree), plugins: [{ plugin: '@nx/docker' }] });
    addApp(tree, 'api', { container: containerGenerated('api') });
    await migrateGenerator(tree, { skipFormat: true });
    const after = tree.listChanges().map((c) => [c.path, c.content?.toString()]);

    await migrateGenerator(tree, { skipFormat: true });

    expect(migrate(tree, { skipFormat: true })).toEqual({ changes: [], notes: [] });
    expect(tree.listChanges().map((c) => [c.path, c.content?.toString()])).toEqual(after);
    expect(logger.info).toHaveBeenLastCalledWith(
      expect.stringMatching(/^migrate: nothing to migrate/),
    );
  });

  it('prints what changed, one line per option, and what it could not convert', async () => {
    const tree = workspace();
    addApp(tree, 'api', { container: containerGenerated('api') });

    await migrateGenerator(tree, { skipFormat: true });

    const printed = (logger.info as jest.Mock).mock.calls.flat().join('\n');
    expect(printed).toContain(
      'api:container (@nx-tools/nx-container:build → @nx-buildx/docker:docker-build)',
    );
    expect(printed).toContain('- options.metadata: {"images":["api"]');
    expect(printed).toContain('+ options.tags: ["{branch}","sha-{shortSha}"]');
    expect((logger.warn as jest.Mock).mock.calls.flat().join('\n')).toContain(
      'migrate: not converted (4):',
    );
  });

  it('--project migrates that project only and leaves workspace-wide entries, saying why', () => {
    const tree = workspace();
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['@nx/docker'] });
    addApp(tree, 'api', { container: containerGenerated('api') });
    addApp(tree, 'web', { container: containerGenerated('web') });

    const report = migrate(tree, { project: 'web', skipFormat: true });

    expect(readProjectConfiguration(tree, 'web').targets?.container?.executor).toBe(
      '@nx-buildx/docker:docker-build',
    );
    expect(readProjectConfiguration(tree, 'api').targets?.container?.executor).toBe(
      '@nx-tools/nx-container:build',
    );
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/docker']);
    expect(notesOf(report)).toContain(
      'nx.json @nx/docker: its entry applies to every project; run migrate without --project to convert it',
    );
  });

  it('refuses an unknown project by name', () => {
    const tree = workspace();
    expect(() => migrate(tree, { project: 'nope', skipFormat: true })).toThrow(
      'migrate: there is no project "nope"',
    );
  });
});
