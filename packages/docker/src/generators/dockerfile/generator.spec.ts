import type { TargetConfiguration, Tree } from '@nx/devkit';
import {
  addProjectConfiguration,
  logger,
  readProjectConfiguration,
  updateNxJson,
  readNxJson,
  writeJson,
} from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseDockerfile } from '@nx-buildx/buildx/dockerfile';
import { inferTargets } from '../../graph/infer-targets';
import { normalizePluginOptions } from '../../graph/plugin-options';
import type { DockerfileGeneratorDeps } from './generator';
import dockerfileGenerator from './generator';
import type { TargetInfo } from './project-kind';

// The targets `nx g @nx/node:app apps/api` writes (Nx 23.2.1), trimmed to what matters here.
const esbuildBuild = (extra: Record<string, unknown> = {}) => ({
  executor: '@nx/esbuild:esbuild',
  outputs: ['{options.outputPath}'],
  options: {
    platform: 'node',
    outputPath: 'dist/apps/api',
    main: 'apps/api/src/main.ts',
    tsConfig: 'apps/api/tsconfig.app.json',
    generatePackageJson: true,
    ...extra,
  },
});
const serve = { executor: '@nx/js:node', options: { buildTarget: 'api:build' } };

const noGraph: DockerfileGeneratorDeps = { inferredTargets: async () => ({}) };
const graphWith = (targets: Record<string, TargetInfo>): DockerfileGeneratorDeps => ({
  inferredTargets: async () => targets,
});

let tree: Tree;
let said: string[];
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  said = [];
  jest.spyOn(logger, 'info').mockImplementation((m: unknown) => void said.push(String(m)));
});
afterEach(() => jest.restoreAllMocks());

const addApi = (targets: Record<string, TargetConfiguration> = { build: esbuildBuild(), serve }) =>
  addProjectConfiguration(tree, 'api', { root: 'apps/api', projectType: 'application', targets });
const addWeb = (targets: Record<string, TargetConfiguration>) =>
  addProjectConfiguration(tree, 'web', { root: 'apps/web', projectType: 'application', targets });
const run = (options: Record<string, unknown>, deps = noGraph) =>
  dockerfileGenerator(tree, { skipFormat: true, ...options }, deps);
const read = (path: string) => tree.read(path, 'utf-8') as string;
const registerPlugin = (options?: Record<string, unknown>) => {
  const nxJson = readNxJson(tree) ?? {};
  updateNxJson(tree, {
    ...nxJson,
    plugins: [
      ...(nxJson.plugins ?? []),
      options ? { plugin: '@nx-buildx/docker', options } : '@nx-buildx/docker',
    ],
  });
};
/** Every file of the tree with its content: proves a run changed nothing. */
const snapshot = () =>
  Object.fromEntries(
    tree
      .listChanges()
      .map((c) => [c.path, c.content?.toString() ?? null] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

describe('template node-app', () => {
  it('is chosen for an @nx/node app and writes a deps stage, a non-root runtime and the entry', async () => {
    addApi();
    await run({ project: 'api' });
    expect(read('apps/api/Dockerfile')).toMatchInlineSnapshot(`
      "# Image of the Nx project "api" (template node-app, from @nx-buildx/docker:dockerfile).
      # The build context is the workspace root; docker-build runs \`nx run api:build\` first
      # and the image copies its output, dist/apps/api. Build it with: npx nx run api:docker-build

      # Dependencies: installed from
      # the package.json and package-lock.json that \`nx run api:build\` writes with
      # generatePackageJson (only what the app imports)
      # This layer is rebuilt only when they change, not when the app's code does.
      FROM node:20-slim AS deps
      WORKDIR /app
      COPY dist/apps/api/package.json dist/apps/api/package-lock.json ./
      # mkdir: an app without dependencies still has the node_modules the runtime copies.
      RUN --mount=type=cache,target=/root/.npm,sharing=locked \\
          npm ci --omit=dev --no-audit --no-fund && mkdir -p node_modules

      # Runtime: the built app and its production dependencies, run as the unprivileged node
      # user. The files stay owned by root, so the app cannot change its own code.
      FROM node:20-slim AS runtime
      ENV NODE_ENV=production
      WORKDIR /app
      COPY --from=deps /app/node_modules ./node_modules
      COPY dist/apps/api ./
      USER node
      CMD ["node","main.js"]
      "
    `);
    expect(said.join('\n')).toContain('template node-app: build uses @nx/esbuild:esbuild');
  });

  it('with a port: HOST, PORT, EXPOSE and a HEALTHCHECK that node runs', async () => {
    addApi();
    await run({ project: 'api', port: 3000 });
    const text = read('apps/api/Dockerfile');
    expect(text).toContain('ENV HOST=0.0.0.0 PORT=3000\nEXPOSE 3000\n');
    expect(text).toMatch(/HEALTHCHECK .*\n {2}CMD \["node", "-e", ".*127\.0\.0\.1:3000\/.*"\]\n/);
    expect(text.indexOf('HEALTHCHECK')).toBeLessThan(text.indexOf('USER node'));
  });

  it('without a port: no EXPOSE and no HEALTHCHECK', async () => {
    addApi();
    await run({ project: 'api' });
    expect(read('apps/api/Dockerfile')).not.toMatch(/EXPOSE|HEALTHCHECK|PORT=/);
  });

  it('turns generatePackageJson on when the build can prune but does not, and says so', async () => {
    const build = esbuildBuild();
    delete (build.options as Record<string, unknown>).generatePackageJson;
    addApi({ build, serve });
    await run({ project: 'api' });
    expect(readProjectConfiguration(tree, 'api').targets?.build?.options).toMatchObject({
      generatePackageJson: true,
    });
    expect(said.join('\n')).toContain('build: set generatePackageJson');
    expect(read('apps/api/Dockerfile')).toContain(
      'COPY dist/apps/api/package.json dist/apps/api/package-lock.json ./',
    );
  });

  it("uses Nx's prune target in a TS-solution workspace (the project has its own package.json)", async () => {
    writeJson(tree, 'apps/api/package.json', {
      name: '@acme/api',
      dependencies: { express: '^4' },
    });
    const build = esbuildBuild();
    delete (build.options as Record<string, unknown>).generatePackageJson;
    addApi({
      build,
      'prune-lockfile': { executor: '@nx/js:prune-lockfile', dependsOn: ['build'] },
      'copy-workspace-modules': { executor: '@nx/js:copy-workspace-modules', dependsOn: ['build'] },
      prune: { executor: 'nx:noop', dependsOn: ['prune-lockfile', 'copy-workspace-modules'] },
    });
    await run({ project: 'api' });
    const text = read('apps/api/Dockerfile');
    expect(text).toContain('that `nx run api:prune` writes');
    expect(text).toContain(
      'COPY dist/apps/api/package.json dist/apps/api/package-lock.json ./\nCOPY dist/apps/api/workspace_modules ./workspace_modules\n',
    );
    expect(readProjectConfiguration(tree, 'api').targets?.['docker-build']?.dependsOn).toEqual([
      'build',
      'prune',
    ]);
    expect(readProjectConfiguration(tree, 'api').targets?.build?.options).not.toHaveProperty(
      'generatePackageJson',
    );
  });

  it('falls back to the workspace manifest (all dependencies) when nothing prunes, and says it in the file', async () => {
    addApi({
      build: { executor: 'nx:run-commands', outputs: ['{workspaceRoot}/dist/apps/api'] },
      serve,
    });
    await run({ project: 'api' });
    const text = read('apps/api/Dockerfile');
    expect(text).toContain('COPY package.json package-lock.json ./');
    expect(text).toContain('ALL its dependencies');
    expect(text).toContain('CMD ["node","."]');
  });

  it.each([
    ['pnpm-lock.yaml', 'pnpm install --frozen-lockfile --prod', '/root/.local/share/pnpm/store'],
    ['yarn.lock', 'yarn install --frozen-lockfile --production', '/usr/local/share/.cache/yarn'],
  ])('installs with the workspace package manager (%s)', async (lockfile, command, cache) => {
    tree.write(lockfile, '');
    addApi();
    await run({ project: 'api' });
    const text = read('apps/api/Dockerfile');
    expect(text).toContain(`dist/apps/api/${lockfile} ./`);
    expect(text).toContain(`--mount=type=cache,target=${cache},`);
    expect(text).toContain(command);
  });

  it('takes the entry from outputFileName', async () => {
    addApi({ build: esbuildBuild({ outputFileName: 'server.js' }), serve });
    await run({ project: 'api' });
    expect(read('apps/api/Dockerfile')).toContain('CMD ["node","server.js"]');
  });
});

describe('template static', () => {
  const viteBuild = {
    executor: '@nx/vite:build',
    outputs: ['{options.outputPath}'],
    options: { outputPath: 'dist/apps/web' },
  };

  it('serves the build output with an unprivileged nginx and an SPA fallback', async () => {
    addWeb({ build: viteBuild });
    await run({ project: 'web' });
    expect(read('apps/web/Dockerfile')).toMatchInlineSnapshot(`
      "# Image of the Nx project "web" (template static, from @nx-buildx/docker:dockerfile).
      # The build context is the workspace root; docker-build runs \`nx run web:build\` first
      # and the image serves its output, dist/apps/web. Build it with: npx nx run web:docker-build

      # An unprivileged nginx: it runs as uid 101 and listens above 1024.
      FROM nginxinc/nginx-unprivileged:stable-alpine
      # Serves index.html for paths that are not files (client-side routes).
      COPY apps/web/nginx.conf /etc/nginx/conf.d/default.conf
      COPY dist/apps/web /usr/share/nginx/html
      USER 101
      EXPOSE 8080
      # wget comes with the alpine (busybox) nginx images.
      HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \\
        CMD wget -q --spider http://127.0.0.1:8080/ || exit 1
      "
    `);
    const conf = read('apps/web/nginx.conf');
    expect(conf).toContain('listen 8080;');
    expect(conf).toContain('try_files $uri $uri/ /index.html;');
  });

  it('finds a build another plugin infers (vite) through the project graph', async () => {
    addWeb({});
    await run(
      { project: 'web' },
      graphWith({
        build: {
          command: 'vite build',
          outputs: ['{projectRoot}/dist'],
          metadata: { technologies: ['vite'] },
        },
      }),
    );
    expect(read('apps/web/Dockerfile')).toContain('COPY apps/web/dist /usr/share/nginx/html');
    expect(said.join('\n')).toContain('template static: build is a vite build');
  });

  it("Angular's application builder: the browser/ folder", async () => {
    addWeb({
      build: { executor: '@angular/build:application', options: { outputPath: 'dist/apps/web' } },
    });
    await run({ project: 'web' });
    expect(read('apps/web/Dockerfile')).toContain(
      'COPY dist/apps/web/browser /usr/share/nginx/html',
    );
  });

  it('a React app seen from its package.json', async () => {
    writeJson(tree, 'apps/web/package.json', { name: 'web', dependencies: { 'react-dom': '^19' } });
    addWeb({ build: { executor: 'nx:run-commands', outputs: ['{workspaceRoot}/dist/apps/web'] } });
    await run({ project: 'web' });
    expect(said.join('\n')).toContain('its package.json depends on react-dom');
    expect(read('apps/web/Dockerfile')).toContain('COPY dist/apps/web /usr/share/nginx/html');
  });

  it('port: nginx listens, EXPOSE and HEALTHCHECK follow', async () => {
    addWeb({ build: viteBuild });
    await run({ project: 'web', port: 8081 });
    expect(read('apps/web/nginx.conf')).toContain('listen 8081;');
    expect(read('apps/web/Dockerfile')).toContain('EXPOSE 8081\n');
    expect(read('apps/web/Dockerfile')).toContain('http://127.0.0.1:8081/');
  });

  it('refuses a port below 1024 (nginx runs unprivileged) and writes nothing', async () => {
    addWeb({ build: viteBuild });
    await expect(run({ project: 'web', port: 80 })).rejects.toThrow(
      /port: 80: the unprivileged nginx cannot listen below 1024\. Use --port 8080/,
    );
    expect(tree.exists('apps/web/Dockerfile')).toBe(false);
  });
});

describe('template generic', () => {
  it('is the fallback: a documented multi-stage skeleton that runs as nobody', async () => {
    addProjectConfiguration(tree, 'tool', {
      root: 'tools/tool',
      targets: { build: { executor: 'nx:run-commands', options: { command: 'make' } } },
    });
    await run({ project: 'tool' });
    const text = read('tools/tool/Dockerfile');
    expect(text).toContain('FROM debian:bookworm-slim AS build\n');
    expect(text).toContain('FROM debian:bookworm-slim AS runtime\n');
    expect(text).toContain('COPY dist/tools/tool ./out\n');
    expect(text).toContain('USER 65534:65534\n');
    expect(said.join('\n')).toContain('is neither a Node nor a static web build');
  });

  it('needs no build target when asked for with --template', async () => {
    addProjectConfiguration(tree, 'tool', { root: 'tools/tool', targets: {} });
    await run({ project: 'tool', template: 'generic', port: 9000 });
    expect(read('tools/tool/Dockerfile')).toContain('EXPOSE 9000\n');
    expect(readProjectConfiguration(tree, 'tool').targets?.['docker-build']?.dependsOn).toEqual([]);
  });
});

describe('options', () => {
  it.each([
    ['node-app', 'FROM node:20-slim AS deps'],
    ['static', 'FROM nginxinc/nginx-unprivileged:stable-alpine'],
    ['generic', 'FROM debian:bookworm-slim AS build'],
  ])('--template %s overrides what the project is', async (template, from) => {
    addApi();
    await run({ project: 'api', template });
    expect(read('apps/api/Dockerfile')).toContain(from);
    expect(said.join('\n')).toContain(`template ${template}: asked with --template`);
  });

  it('baseImage goes into every FROM', async () => {
    addApi();
    await run({ project: 'api', baseImage: '127.0.0.1:5000/node:20-slim' });
    expect(read('apps/api/Dockerfile').match(/^FROM .*$/gm)).toEqual([
      'FROM 127.0.0.1:5000/node:20-slim AS deps',
      'FROM 127.0.0.1:5000/node:20-slim AS runtime',
    ]);
  });

  it('buildTarget and outputPath: what the image copies and what docker-build runs first', async () => {
    addApi({ bundle: esbuildBuild({ outputPath: 'dist/bundle/api' }), serve });
    await run({ project: 'api', buildTarget: 'bundle', outputPath: 'out/api' });
    expect(read('apps/api/Dockerfile')).toContain('COPY out/api ./\n');
    expect(read('apps/api/Dockerfile')).toContain(
      'COPY out/api/package.json out/api/package-lock.json ./',
    );
    expect(readProjectConfiguration(tree, 'api').targets?.['docker-build']?.dependsOn).toEqual([
      'bundle',
    ]);
  });

  it('outputPath defaults to the build outputPath option', async () => {
    addApi({ build: esbuildBuild({ outputPath: 'build/api' }), serve });
    await run({ project: 'api' });
    expect(read('apps/api/Dockerfile')).toContain('COPY build/api ./\n');
  });

  it('dockerfile: writes there, and the target names it', async () => {
    addWeb({ build: { executor: '@nx/vite:build', options: { outputPath: 'dist/apps/web' } } });
    await run({ project: 'web', dockerfile: 'docker/web/Dockerfile' });
    expect(tree.exists('docker/web/Dockerfile')).toBe(true);
    expect(read('docker/web/Dockerfile')).toContain('COPY docker/web/nginx.conf ');
    expect(tree.exists('docker/web/nginx.conf')).toBe(true);
    expect(readProjectConfiguration(tree, 'web').targets?.['docker-build']?.options).toEqual({
      file: 'docker/web/Dockerfile',
    });
  });

  it('refuses an unknown project, naming it', async () => {
    await expect(run({ project: 'nope' })).rejects.toThrow(/project: no project "nope"/);
  });

  it('refuses a build target the project does not have, listing the ones it has', async () => {
    addApi();
    await expect(run({ project: 'api', buildTarget: 'compile' })).rejects.toThrow(
      /buildTarget: project "api" has no target "compile" \(it has: build, serve\)/,
    );
  });

  it('refuses unknown options and bad values with the option named', async () => {
    addApi();
    await expect(run({ project: 'api', prot: 3000 })).rejects.toThrow(/prot/);
    await expect(run({ project: 'api', template: 'java' })).rejects.toThrow(/template/);
    await expect(run({ project: 'api', port: 70000 })).rejects.toThrow(/port/);
  });
});

describe('existing files, --force, running twice', () => {
  it('never overwrites a different Dockerfile without --force, and writes nothing at all', async () => {
    addWeb({ build: { executor: '@nx/vite:build', options: { outputPath: 'dist/apps/web' } } });
    tree.write('apps/web/Dockerfile', 'FROM mine\n');
    const before = snapshot();
    await expect(run({ project: 'web' })).rejects.toThrow(
      /apps\/web\/Dockerfile exists and differs from what the static template writes; nothing was changed\. Pass --force/,
    );
    expect(snapshot()).toEqual(before);
    expect(tree.exists('apps/web/nginx.conf')).toBe(false);
  });

  it('--force replaces it and says so', async () => {
    addApi();
    tree.write('apps/api/Dockerfile', 'FROM mine\n');
    await run({ project: 'api', force: true });
    expect(read('apps/api/Dockerfile')).toContain('AS deps');
    expect(said.join('\n')).toContain('apps/api/Dockerfile: replaced (--force)');
  });

  it.each([
    ['node-app, explicit target', () => addApi(), { project: 'api', port: 3000 }],
    ['static', () => addWeb({ build: { executor: '@nx/vite:build' } }), { project: 'web' }],
    ['generic', () => addApi(), { project: 'api', template: 'generic' }],
  ])('a second run changes nothing (%s)', async (_, setup, options) => {
    setup();
    await run(options);
    const first = snapshot();
    said = [];
    await run(options);
    expect(snapshot()).toEqual(first);
    expect(said.join('\n')).toMatch(/Dockerfile: unchanged/);
  });
});

describe('docker-build after the build', () => {
  it('without the plugin in nx.json: adds docker-build to project.json, after build', async () => {
    addApi();
    await run({ project: 'api' });
    expect(readProjectConfiguration(tree, 'api').targets?.['docker-build']).toEqual({
      executor: '@nx-buildx/docker:docker-build',
      dependsOn: ['build'],
      options: { file: 'apps/api/Dockerfile' },
    });
  });

  it('an existing docker-build target gets the build in its dependsOn, nothing else changes', async () => {
    addApi({
      build: esbuildBuild(),
      'docker-build': { executor: '@nx-buildx/docker:docker-build', options: { tags: ['x'] } },
    });
    await run({ project: 'api' });
    expect(readProjectConfiguration(tree, 'api').targets?.['docker-build']).toEqual({
      executor: '@nx-buildx/docker:docker-build',
      options: { tags: ['x'] },
      dependsOn: ['build'],
    });
  });

  it('with the plugin: writes no target; the inferred one runs the build first because of what the Dockerfile copies', async () => {
    registerPlugin();
    addApi();
    await run({ project: 'api' });
    const config = readProjectConfiguration(tree, 'api');
    expect(config.targets?.['docker-build']).toBeUndefined();
    expect(said.join('\n')).toContain('docker-build: inferred by the @nx-buildx/docker plugin');
    const inferred = inferTargets(
      { name: 'api', root: 'apps/api', targets: config.targets ?? {} },
      {
        file: 'apps/api/Dockerfile',
        variant: '',
        info: parseDockerfile(read('apps/api/Dockerfile')),
        ownIgnoreFile: false,
      },
      normalizePluginOptions({}),
    );
    expect(inferred.targets['docker-build']?.dependsOn).toEqual(['build', '^docker-build']);
  });

  it("with the plugin: warns of Nx's prune targets that cannot run without the project's package.json", async () => {
    registerPlugin();
    addApi({
      build: esbuildBuild(),
      'prune-lockfile': { executor: '@nx/js:prune-lockfile', dependsOn: ['build'] },
      'copy-workspace-modules': { executor: '@nx/js:copy-workspace-modules', dependsOn: ['build'] },
    });
    await run({ project: 'api' });
    expect(said.join('\n')).toContain(
      'warning: prune-lockfile and copy-workspace-modules write into dist/apps/api, so the inferred docker-build runs them first, but they need apps/api/package.json',
    );
    expect(read('apps/api/Dockerfile')).toContain('writes with\n# generatePackageJson');
  });

  it('with the plugin: the static Dockerfile makes the inferred target run the build and track nginx.conf', async () => {
    registerPlugin({ buildTargetName: 'image' });
    addWeb({
      build: {
        executor: '@nx/vite:build',
        outputs: ['{options.outputPath}'],
        options: { outputPath: 'dist/apps/web' },
      },
    });
    await run({ project: 'web' });
    expect(said.join('\n')).toContain('image: inferred by the @nx-buildx/docker plugin');
    const inferred = inferTargets(
      {
        name: 'web',
        root: 'apps/web',
        targets: readProjectConfiguration(tree, 'web').targets ?? {},
      },
      {
        file: 'apps/web/Dockerfile',
        variant: '',
        info: parseDockerfile(read('apps/web/Dockerfile')),
        ownIgnoreFile: false,
      },
      normalizePluginOptions({ buildTargetName: 'image' }),
    );
    expect(inferred.targets.image?.dependsOn).toEqual(['build', '^image']);
    expect(inferred.targets.image?.inputs).toEqual(['image']);
    expect(inferred.namedInputs.image).toContain('{projectRoot}/nginx.conf');
  });
});
