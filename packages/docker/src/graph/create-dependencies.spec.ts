import type { CreateDependenciesContext, FileData, ProjectConfiguration } from '@nx/devkit';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseOptions } from '@nx-buildx/buildx';
import { planBuild } from '../image/build-plan';
import { projectImageName } from '../image/dockerfile-names';
import { dockerBuildSchema } from '../image/options';
import { createDockerDependencies, ownerOf } from './create-dependencies';

let root: string;
const files: Record<string, string> = {
  'libs/base/Dockerfile': 'FROM busybox\n',
  'apps/a/Dockerfile': 'FROM reg:5000/team/base:latest\n',
  'apps/b/Dockerfile': 'ARG TAG\nFROM reg:5000/team/base:${TAG}\n',
  'apps/c/Dockerfile': 'FROM busybox AS build\nCOPY --from=reg:5000/team/base /x /x\nFROM build\n',
  'apps/d/Dockerfile': 'ARG REG=reg:5000/team\nFROM ${REG}/other:1\n',
  'apps/e/Dockerfile': 'FROM base\n',
  'apps/f/Dockerfile': 'FROM busybox\nRUN --mount=from=reg:5000/team/base,target=/b ls /b\n',
  'apps/g/Dockerfile': 'FROM busybox\nCOPY --from=tools /x /x\n',
};
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nx-buildx-deps-'));
  for (const [p, c] of Object.entries(files)) {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), c);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

const build = (options: Record<string, unknown> = {}) => ({
  'docker-build': { executor: '@nx-buildx/docker:docker-build', options },
});
const projects: Record<string, ProjectConfiguration> = {
  base: { root: 'libs/base', targets: build({ registry: 'reg:5000/team' }) },
  other: { root: 'libs/other', targets: build({ registry: 'reg:5000/team', tags: ['1'] }) },
  a: { root: 'apps/a', targets: build() },
  b: { root: 'apps/b', targets: build() },
  c: { root: 'apps/c', targets: build() },
  d: { root: 'apps/d', targets: build() },
  e: { root: 'apps/e', targets: build() },
  f: { root: 'apps/f', targets: build() },
  g: {
    root: 'apps/g',
    targets: build({ buildContexts: { tools: 'docker-image://reg:5000/team/other:1' } }),
  },
  plain: { root: 'libs/plain', targets: {} },
};

const fileMapOf = (only?: string[]) =>
  Object.fromEntries(
    Object.entries(projects).map(([name, p]) => [
      name,
      Object.keys(files)
        .filter((f) => f.startsWith(`${p.root}/`) && (!only || only.includes(f)))
        .map((file): FileData => ({ file, hash: 'h' })),
    ]),
  );

const context = (only?: string[]): CreateDependenciesContext => ({
  externalNodes: {},
  projects,
  nxJsonConfiguration: {},
  fileMap: { projectFileMap: fileMapOf(), nonProjectFiles: [] },
  filesToProcess: { projectFileMap: fileMapOf(only), nonProjectFiles: [] },
  workspaceRoot: root,
});

describe('createDockerDependencies', () => {
  it('links FROM, COPY --from, RUN --mount from=, a docker-image:// context and FROM with an unset tag ARG to the project that builds the image', async () => {
    const deps = await createDockerDependencies(undefined, context());
    expect(
      deps.map(
        (d) => `${d.source} -> ${d.target} (${'sourceFile' in d ? d.sourceFile : ''}, ${d.type})`,
      ),
    ).toEqual([
      'a -> base (apps/a/Dockerfile, static)',
      'b -> base (apps/b/Dockerfile, static)',
      'c -> base (apps/c/Dockerfile, static)',
      'd -> other (apps/d/Dockerfile, static)',
      'f -> base (apps/f/Dockerfile, static)',
      'g -> other (apps/g/Dockerfile, static)',
    ]);
  });

  it('reads only the Dockerfiles in filesToProcess (Nx keeps the other edges by sourceFile)', async () => {
    const deps = await createDockerDependencies(undefined, context(['apps/c/Dockerfile']));
    expect(deps.map((d) => `${d.source} -> ${d.target}`)).toEqual(['c -> base']);
  });
});

describe('ownerOf', () => {
  it.each([
    [{}, 'api', { image: 'api', tags: ['api:latest'] }],
    [
      { imageName: '{projectName}-x', tags: ['1', '{shortSha}'] },
      'api',
      { image: 'api-x', tags: ['api-x:1'] },
    ],
    [
      { registry: 'r:5000/t/', tags: ['r:5000/t/other:2'] },
      '@s/Api',
      { image: 'r:5000/t/s/api', tags: ['r:5000/t/other:2'] },
    ],
  ])('%j of project %s → %j', (options, project, expected) => {
    expect(ownerOf({ project, file: 'Dockerfile', options })).toEqual({ project, ...expected });
  });
});

describe('one image name on every path', () => {
  it('{projectName} in a target imageName is the project image name, as the build plan and inference spell it', () => {
    const options = { imageName: 'shop-{projectName}', registry: 'reg:5000/team/' };
    const plan = planBuild(
      parseOptions(dockerBuildSchema, options),
      { name: '@acme/API', root: 'apps/api', workspaceRoot: '/ws' },
      {},
      {},
      new Date(),
    );
    expect(plan.image).toBe('reg:5000/team/shop-acme/api');
    expect(ownerOf({ project: '@acme/API', file: 'apps/api/Dockerfile', options })?.image).toBe(
      plan.image,
    );
    expect(projectImageName('@acme/API', { imageName: 'shop-{projectName}' })).toBe(
      'shop-acme/api',
    );
  });
});
