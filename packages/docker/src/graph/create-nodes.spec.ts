import type { CreateNodesContext } from './create-nodes';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDockerNodes } from './create-nodes';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function workspace(tree: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'nx-buildx-graph-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(tree)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const ctx = (workspaceRoot: string): CreateNodesContext => ({
  nxJsonConfiguration: {},
  workspaceRoot,
});

const project = (name: string, targets: Record<string, unknown> = {}) =>
  JSON.stringify({ name, targets });

type Result = Awaited<ReturnType<typeof createDockerNodes>>[number] | undefined;
/**
 * A build target's inputs: the target names its named input (docker-fresh the same one),
 * which holds the list.
 */
function inputsOf(result: Result, root: string, target = 'docker-build') {
  const p = result?.[1].projects?.[root];
  expect(p?.targets?.[target]?.inputs).toEqual([
    target,
    {
      runtime: expect.stringMatching(
        new RegExp(`^node \\S*/runtime-state\\.js ${root} ${target} \\|\\| echo "uncacheable `),
      ),
    },
  ]);
  return p?.namedInputs?.[target];
}

/** Results with the runtime input's script path (where this checkout is) left out. */
const withoutScriptPath = <T>(results: T): T =>
  JSON.parse(
    JSON.stringify(results).replace(/"node \S*?\/runtime-state\.js /g, '"node runtime-state.js '),
  );

describe('createDockerNodes', () => {
  it('makes docker-build and docker-fresh that build the copied dist first and hash only what is copied', async () => {
    const ws = await workspace({
      'package.json': '{}',
      'apps/cart/project.json': project('cart', {
        build: { executor: 'nx:run-commands', outputs: ['{workspaceRoot}/dist/apps/cart'] },
      }),
      'apps/cart/Dockerfile': [
        'FROM node:20-slim AS base',
        'COPY package.json ./',
        'COPY dist/apps/cart ./app',
        'COPY libs/ui/src ./ui',
        'COPY --from=base /etc/hosts /x',
        'CMD ["node", "app/main.js"]',
      ].join('\n'),
    });
    const results = await createDockerNodes(['apps/cart/Dockerfile'], {}, ctx(ws));
    expect(withoutScriptPath(results)).toMatchInlineSnapshot(`
      [
        [
          "apps/cart/Dockerfile",
          {
            "projects": {
              "apps/cart": {
                "metadata": {
                  "targetGroups": {
                    "Docker": [
                      "docker-build",
                      "docker-fresh",
                      "docker-run",
                      "nx-release-publish",
                    ],
                  },
                },
                "namedInputs": {
                  "docker-build": [
                    "{projectRoot}/Dockerfile",
                    "{workspaceRoot}/.dockerignore",
                    "{workspaceRoot}/libs/ui/src",
                    "{workspaceRoot}/libs/ui/src/**/*",
                    "{workspaceRoot}/package.json",
                    {
                      "dependentTasksOutputFiles": "**/*",
                      "transitive": true,
                    },
                  ],
                },
                "targets": {
                  "docker-build": {
                    "cache": false,
                    "dependsOn": [
                      "build",
                      "^docker-build",
                    ],
                    "executor": "@nx-buildx/docker:docker-build",
                    "inputs": [
                      "docker-build",
                      {
                        "runtime": "node runtime-state.js apps/cart docker-build || echo "uncacheable (runtime-state.js failed) $(date +%s%N) $$"",
                      },
                    ],
                    "metadata": {
                      "cacheStrategy": "auto",
                      "description": "Build the image cart:latest from apps/cart/Dockerfile with cache strategy "auto", after the builds whose output it copies",
                      "help": {
                        "command": "npx nx run cart:docker-build --help",
                        "example": {
                          "options": {
                            "tags": [
                              "latest",
                              "{shortSha}",
                            ],
                          },
                        },
                      },
                      "image": "cart",
                      "inferredFrom": "apps/cart/Dockerfile (reads dist/apps/cart, libs/ui/src, package.json)",
                      "tags": [
                        "latest",
                      ],
                      "technologies": [
                        "docker",
                      ],
                    },
                    "options": {
                      "file": "apps/cart/Dockerfile",
                    },
                  },
                  "docker-fresh": {
                    "cache": false,
                    "dependsOn": [
                      "build",
                      "^docker-build",
                    ],
                    "executor": "@nx-buildx/docker:docker-fresh-build",
                    "inputs": [
                      "docker-build",
                      {
                        "runtime": "node runtime-state.js apps/cart docker-fresh || echo "uncacheable (runtime-state.js failed) $(date +%s%N) $$"",
                      },
                    ],
                    "metadata": {
                      "description": "Build the image cart:latest from apps/cart/Dockerfile with nothing stale in it (no build cache, bases pulled)",
                      "help": {
                        "command": "npx nx run cart:docker-fresh --help",
                        "example": {
                          "options": {
                            "tags": [
                              "latest",
                              "{shortSha}",
                            ],
                          },
                        },
                      },
                      "image": "cart",
                      "inferredFrom": "apps/cart/Dockerfile (reads dist/apps/cart, libs/ui/src, package.json)",
                      "tags": [
                        "latest",
                      ],
                      "technologies": [
                        "docker",
                      ],
                    },
                    "options": {
                      "file": "apps/cart/Dockerfile",
                    },
                  },
                  "docker-run": {
                    "cache": false,
                    "dependsOn": [
                      "build",
                      "^docker-build",
                    ],
                    "executor": "@nx-buildx/docker:docker-run",
                    "inputs": [],
                    "metadata": {
                      "description": "Build apps/cart/Dockerfile as docker-build does and run the image (--stage <name> --shell: a shell in that stage)",
                      "help": {
                        "command": "npx nx run cart:docker-run --help",
                        "example": {
                          "options": {},
                        },
                      },
                      "inferredFrom": "apps/cart/Dockerfile",
                      "technologies": [
                        "docker",
                      ],
                    },
                    "options": {},
                  },
                  "nx-release-publish": {
                    "cache": false,
                    "dependsOn": [
                      "docker-build",
                    ],
                    "executor": "@nx-buildx/docker:release-publish",
                    "inputs": [],
                    "metadata": {
                      "description": "For nx release: tag the image docker-build built with the released version (and 1.2 / 1) and push it",
                      "help": {
                        "command": "npx nx run cart:nx-release-publish --help",
                        "example": {
                          "options": {},
                        },
                      },
                      "inferredFrom": "apps/cart/Dockerfile",
                      "technologies": [
                        "docker",
                      ],
                    },
                    "options": {},
                  },
                },
              },
            },
          },
        ],
      ]
    `);
  });
});

describe('createDockerNodes: which files, which projects', () => {
  it('gives each Dockerfile variant its own targets and skips .dockerignore files and Dockerfiles outside projects', async () => {
    const ws = await workspace({
      'apps/api/package.json': JSON.stringify({ name: '@acme/API' }),
      'apps/api/Dockerfile': 'FROM busybox\n',
      'apps/api/Dockerfile.worker': 'FROM busybox\n',
      'apps/api/cron.Dockerfile': 'FROM busybox\n',
      'apps/api/Dockerfile.dockerignore': 'node_modules\n',
      'tools/ci/Dockerfile': 'FROM busybox\n',
    });
    const files = [
      'apps/api/Dockerfile',
      'apps/api/Dockerfile.worker',
      'apps/api/cron.Dockerfile',
      'apps/api/Dockerfile.dockerignore',
      'tools/ci/Dockerfile',
    ];
    const results = await createDockerNodes(files, { registry: 'reg.local:5000/team' }, ctx(ws));
    const summary = results.map(([file, r]) => [
      file,
      Object.entries(r.projects?.['apps/api']?.targets ?? {}).map(
        ([name, t]) => `${name} ${t.executor} ${String(t.options.imageName ?? '')}`,
      ),
    ]);
    expect(summary).toEqual([
      [
        'apps/api/Dockerfile',
        [
          'docker-build @nx-buildx/docker:docker-build ',
          'docker-fresh @nx-buildx/docker:docker-fresh-build ',
          'docker-run @nx-buildx/docker:docker-run ',
        ],
      ],
      [
        'apps/api/Dockerfile.worker',
        [
          'docker-build-worker @nx-buildx/docker:docker-build acme/api-worker',
          'docker-fresh-worker @nx-buildx/docker:docker-fresh-build acme/api-worker',
          'docker-run-worker @nx-buildx/docker:docker-run ',
        ],
      ],
      [
        'apps/api/cron.Dockerfile',
        [
          'docker-build-cron @nx-buildx/docker:docker-build acme/api-cron',
          'docker-fresh-cron @nx-buildx/docker:docker-fresh-build acme/api-cron',
          'docker-run-cron @nx-buildx/docker:docker-run ',
        ],
      ],
    ]);
    const main = results[0]?.[1].projects?.['apps/api']?.targets?.['docker-build'];
    // Its own .dockerignore replaces the context's.
    expect(inputsOf(results[0], 'apps/api')?.slice(0, 2)).toEqual([
      '{projectRoot}/Dockerfile',
      '{projectRoot}/Dockerfile.dockerignore',
    ]);
    expect(main?.options).toEqual({ file: 'apps/api/Dockerfile', registry: 'reg.local:5000/team' });
    expect(main?.metadata?.description).toContain('reg.local:5000/team/acme/api:latest');
  });

  it('a huge Dockerfile, one that is a device, or one whose COPY Nx could not hash: warned once each with its path, no targets, the others kept', async () => {
    const ws = await workspace({
      'apps/huge/project.json': project('huge'),
      'apps/zero/project.json': project('zero'),
      'apps/glob/project.json': project('glob'),
      'apps/glob/Dockerfile': 'FROM busybox\nCOPY [ /x\n',
      'apps/good/project.json': project('good'),
      'apps/good/Dockerfile': 'FROM busybox\nCOPY apps/good/src /src\n',
      'apps/good/src/main.ts': '',
    });
    await writeFile(join(ws, 'apps/huge/Dockerfile'), '');
    await truncate(join(ws, 'apps/huge/Dockerfile'), 200 * 1024 * 1024);
    await symlink('/dev/zero', join(ws, 'apps/zero/Dockerfile'));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const files = ['huge', 'zero', 'glob', 'good'].map((p) => `apps/${p}/Dockerfile`);
    const results = await createDockerNodes(files, {}, ctx(ws));
    const warned = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    expect(warned).toEqual([
      expect.stringContaining('apps/huge/Dockerfile is 200 MB, larger than the 1 MiB'),
      expect.stringContaining('apps/zero/Dockerfile is not a regular file'),
      expect.stringContaining('apps/glob/Dockerfile:2: an unclosed [ in "{workspaceRoot}/["'),
    ]);
    expect(results.map((r) => r[0])).toEqual(['apps/good/Dockerfile']);
  });

  it('warns about a Dockerfile it cannot parse, gives it conservative targets and keeps the others', async () => {
    const ws = await workspace({
      'apps/bad/project.json': project('bad'),
      'apps/bad/Dockerfile': 'RUN echo no from\n',
      'apps/good/project.json': project('good'),
      'apps/good/Dockerfile': 'FROM busybox\nCOPY apps/good/src /src\n',
      'apps/good/src/main.ts': '',
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const results = await createDockerNodes(
      ['apps/bad/Dockerfile', 'apps/good/Dockerfile'],
      {},
      ctx(ws),
    );
    const warned = warn.mock.calls.map((c) => String(c[0])).join('\n');
    warn.mockRestore();
    expect(warned).toContain('apps/bad/Dockerfile: has no FROM instruction');
    const bad = results[0]?.[1].projects?.['apps/bad']?.targets?.['docker-build'];
    expect(bad?.dependsOn).toEqual(['build', '^build', '^docker-build']);
    expect(inputsOf(results[0], 'apps/bad')).toContain('{workspaceRoot}/**/*');
    const good = results[1]?.[1].projects?.['apps/good']?.targets?.['docker-build'];
    expect(good?.dependsOn).toEqual(['^docker-build']);
    expect(inputsOf(results[1], 'apps/good')).toEqual([
      '{projectRoot}/Dockerfile',
      '{workspaceRoot}/.dockerignore',
      '{projectRoot}/src/**/*',
    ]);
  });

  it('reads outputs, the context and secrets of project.json targets', async () => {
    const ws = await workspace({
      'apps/web/project.json': project('web', {
        build: {
          executor: 'x:y',
          outputs: ['{options.outputPath}'],
          options: { outputPath: 'apps/web/out' },
        },
        'docker-build': {
          options: { context: 'apps/web', secrets: [{ id: 'npm', env: 'NPM_TOKEN' }] },
        },
      }),
      'apps/web/Dockerfile': 'FROM busybox\nCOPY out /w\nCOPY $SRC /s\n',
    });
    const [result] = await createDockerNodes(['apps/web/Dockerfile'], {}, ctx(ws));
    const t = result?.[1].projects?.['apps/web']?.targets?.['docker-build'];
    // The context is apps/web: sources are under it; a variable can name anything in it.
    expect(t?.dependsOn).toEqual(['build', '^docker-build']);
    expect(inputsOf(result, 'apps/web')).toEqual([
      '{projectRoot}/Dockerfile',
      '{projectRoot}/.dockerignore',
      '{projectRoot}/**/*',
      { dependentTasksOutputFiles: '**/*', transitive: true },
      { env: 'NPM_TOKEN' },
    ]);
  });

  it.each([
    ['dist/apps/shop', ['build']],
    ['dist/libs/ui', ['^build']],
    ['dist', ['build', '^build']],
    ['.', ['build', '^build']],
    ['apps/shop/src', []],
  ])(
    'COPY %s builds %j first (build outputs inferred by other plugins are under dist/)',
    async (source, deps) => {
      const ws = await workspace({
        'apps/shop/package.json': JSON.stringify({ name: 'shop' }),
        'apps/shop/Dockerfile': `FROM busybox\nCOPY ${source} /x\n`,
      });
      const t = (await createDockerNodes(['apps/shop/Dockerfile'], {}, ctx(ws)))[0]?.[1].projects?.[
        'apps/shop'
      ]?.targets?.['docker-build'];
      expect(t?.dependsOn).toEqual([...deps, '^docker-build']);
    },
  );

  it('hashes what bind mounts and named build contexts read, and nothing a cache or secret mount names', async () => {
    const ws = await workspace({
      'apps/bind/project.json': project('bind', {
        'docker-build': { options: { buildContexts: { shared: 'libs/shared' } } },
      }),
      'apps/bind/lock.json': '{}',
      'libs/shared/data.txt': 'd',
      'apps/bind/Dockerfile': [
        'FROM busybox AS deps',
        'RUN --mount=type=bind,source=apps/bind/lock.json,target=/l cp /l /lock.json',
        'RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npm true',
        'RUN --mount=type=bind,from=deps,source=/etc,target=/e ls /e',
        'COPY --from=shared data.txt /data.txt',
      ].join('\n'),
    });
    const [result] = await createDockerNodes(['apps/bind/Dockerfile'], {}, ctx(ws));
    expect(inputsOf(result, 'apps/bind')).toEqual([
      '{projectRoot}/Dockerfile',
      '{workspaceRoot}/.dockerignore',
      '{projectRoot}/lock.json',
      '{workspaceRoot}/libs/shared/data.txt',
    ]);
  });

  it('names targets, images, tags and the cache strategy from the plugin options', async () => {
    const ws = await workspace({
      'apps/a/project.json': project('a'),
      'apps/a/Dockerfile': 'FROM busybox\n',
    });
    const [result] = await createDockerNodes(
      ['apps/a/Dockerfile'],
      {
        buildTargetName: 'image',
        freshTargetName: 'image-fresh',
        imageName: 'shop-{projectName}',
        tags: ['1', '{shortSha}'],
        cacheStrategy: 'local',
        cache: false,
      },
      ctx(ws),
    );
    const targets = result?.[1].projects?.['apps/a']?.targets ?? {};
    expect(Object.keys(targets)).toEqual([
      'image',
      'image-fresh',
      'docker-run',
      'nx-release-publish',
    ]);
    expect(targets.image?.options).toEqual({
      file: 'apps/a/Dockerfile',
      imageName: 'shop-a',
      tags: ['1', '{shortSha}'],
      cacheStrategy: 'local',
    });
    expect(targets.image?.cache).toBe(false);
    expect(targets.image?.dependsOn).toEqual(['^image']);
    // docker-fresh resets and writes the same cache store, so it takes the same strategy.
    expect(targets['image-fresh']?.options).toEqual(targets.image?.options);
  });

  it('gives docker-fresh the options and configurations set on docker-build in project.json, and none of another executor', async () => {
    const ws = await workspace({
      'apps/a/project.json': project('a', {
        'docker-build': {
          options: { network: 'host', buildArgs: { A: '1' } },
          configurations: { ci: { push: true } },
        },
      }),
      'apps/a/Dockerfile': 'FROM busybox\n',
      'apps/b/project.json': project('b', {
        'docker-build': { executor: 'nx:run-commands', options: { command: 'make image' } },
      }),
      'apps/b/Dockerfile': 'FROM busybox\n',
    });
    const results = await createDockerNodes(
      ['apps/a/Dockerfile', 'apps/b/Dockerfile'],
      {},
      ctx(ws),
    );
    const a = results[0]?.[1].projects?.['apps/a']?.targets ?? {};
    expect(a['docker-fresh']?.options).toEqual({
      file: 'apps/a/Dockerfile',
      network: 'host',
      buildArgs: { A: '1' },
    });
    expect(a['docker-fresh']?.configurations).toEqual({ ci: { push: true } });
    // Nx merges project.json over the inferred build target itself: we leave it alone.
    expect(a['docker-build']?.options).toEqual({ file: 'apps/a/Dockerfile' });
    const b = results[1]?.[1].projects?.['apps/b']?.targets ?? {};
    expect(b['docker-fresh']?.options).toEqual({ file: 'apps/b/Dockerfile' });
    expect(b['docker-fresh']).not.toHaveProperty('configurations');
  });

  it('refuses invalid plugin options, naming each', async () => {
    const ws = await workspace({});
    await expect(
      createDockerNodes([], { cacheStrategy: 'fast', tagz: [] }, ctx(ws)),
    ).rejects.toThrow(/- \(options\): Unrecognized key: "tagz"\n/);
    await expect(createDockerNodes([], { cacheStrategy: 'fast' }, ctx(ws))).rejects.toThrow(
      /invalid plugin options in nx.json:\n {2}- cacheStrategy: Invalid option: expected one of "none"/,
    );
  });

  it('reuses cached targets while the files are unchanged and infers again when the Dockerfile changes', async () => {
    const ws = await workspace({
      'apps/a/project.json': project('a'),
      'apps/a/Dockerfile': 'FROM busybox\nCOPY apps/a/one /one\n',
    });
    const inputs = async () =>
      inputsOf((await createDockerNodes(['apps/a/Dockerfile'], {}, ctx(ws)))[0], 'apps/a');
    expect(await inputs()).toContain('{projectRoot}/one');
    const { readdir } = await import('node:fs/promises');
    const cacheFiles = await readdir(join(ws, '.nx/workspace-data'));
    expect(cacheFiles).toEqual([expect.stringMatching(/^nx-buildx-docker-[0-9a-f]{16}\.json$/)]);
    expect(await inputs()).toContain('{projectRoot}/one');
    await writeFile(join(ws, 'apps/a/Dockerfile'), 'FROM busybox\nCOPY apps/a/two /two\n');
    expect(await inputs()).toContain('{projectRoot}/two');
  });

  it('parses a Dockerfile for the project images it uses once: later runs read them from the cache', async () => {
    const ws = await workspace({
      'apps/base/project.json': project('base'),
      'apps/base/Dockerfile': 'FROM busybox\n',
      'apps/app/project.json': project('app'),
      'apps/app/Dockerfile': 'FROM base:latest\nCOPY apps/app/src /src\n',
    });
    const files = ['apps/base/Dockerfile', 'apps/app/Dockerfile'];
    const upstream = async () =>
      (await createDockerNodes(files, {}, ctx(ws)))[1]?.[1].projects?.['apps/app']?.targets?.[
        'docker-build'
      ]?.inputs;
    const first = await upstream();
    expect(first).toEqual(expect.arrayContaining([{ input: 'docker-build', projects: ['base'] }]));
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = join(ws, '.nx/workspace-data');
    const [file] = await readdir(dir);
    const cached = Object.values(JSON.parse(await readFile(join(dir, file as string), 'utf8')));
    // Only the Dockerfile that spells another project's image name was parsed for them.
    expect(cached.map((e) => (e as { images?: unknown }).images)).toEqual([
      undefined,
      [{ ref: 'base:latest', via: 'FROM', line: 1 }],
    ]);
    expect(await upstream()).toEqual(first);
  });

  it('leaves what the .dockerignore in force excludes out of the inputs, and infers again when it changes', async () => {
    const ws = await workspace({
      'apps/a/project.json': project('a'),
      'apps/a/Dockerfile': 'FROM busybox\nCOPY apps/a/src /src\n',
      '.dockerignore': '**/*.test.ts\n',
    });
    const inputs = async () =>
      inputsOf((await createDockerNodes(['apps/a/Dockerfile'], {}, ctx(ws)))[0], 'apps/a');
    expect(await inputs()).toEqual([
      '{projectRoot}/Dockerfile',
      '{workspaceRoot}/.dockerignore',
      '{projectRoot}/src', // src does not exist yet: a file or a folder
      '{projectRoot}/src/**/*',
      '!{workspaceRoot}/**/*.test.ts',
      '!{projectRoot}/**/*.test.ts',
      '!{workspaceRoot}/**/*.test.ts/**',
      '!{projectRoot}/**/*.test.ts/**',
    ]);
    // A later ! may re-include: the pattern is dropped, so the files stay inputs.
    await writeFile(join(ws, '.dockerignore'), '**/*.test.ts\n!apps/a/src/keep.test.ts\n');
    expect((await inputs())?.filter((i) => typeof i === 'string' && i.startsWith('!'))).toEqual([]);
  });
});
