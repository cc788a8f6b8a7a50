// `nx release` publishes images: the graph plugin infers nx-release-publish for a
// project with a Dockerfile; `nx release <version>` builds the image, commits and tags
// the version, then tags the image 1.2.3 / 1.2 / 1 and pushes them — read back from
// the registry's HTTP API. `--dry-run` pushes nothing and says what it would push.
// (A prerelease moving no alias is unit-tested: lib/release-tags.spec.ts.)
// Runs in a workspace of its own: nx release commits and tags.
import { removeImages } from '../../packages/buildx/src/testing/container';
import { registryTags } from '../../packages/buildx/src/testing/registry';
import type { OwnWorkspace } from './own-workspace';
import { ownWorkspace } from './own-workspace';
import { BUSYBOX, LOCAL_REGISTRY, unique } from './workspace';

jest.setTimeout(300_000);

const id = unique('rel');
const repository = `e2e/${id}`;
let ws: OwnWorkspace;

beforeAll(async () => {
  ws = await ownWorkspace(
    {
      plugins: [
        {
          plugin: '@nx-buildx/docker',
          options: { registry: `${LOCAL_REGISTRY}/e2e`, imageName: id, cacheStrategy: 'none' },
        },
      ],
      release: {
        projects: ['web'],
        projectsRelationship: 'independent',
        changelog: false,
        version: { currentVersionResolver: 'disk' },
        git: { commit: true, tag: true },
      },
    },
    {
      // private: npm would not publish it, so nx-release-publish is the image's.
      'apps/web/package.json': JSON.stringify({ name: 'web', version: '0.1.0', private: true }),
      'apps/web/Dockerfile': `FROM ${BUSYBOX}\nRUN echo ${id} > /release.txt\n`,
    },
  );
});

afterAll(async () => {
  await removeImages(
    ['latest', '1.2.3', '1.2', '1'].map((t) => `${LOCAL_REGISTRY}/${repository}:${t}`),
  );
  await ws?.remove();
});

test('the graph infers nx-release-publish (release-publish after docker-build)', async () => {
  const { stdout } = await ws.nxOk(['show', 'project', 'web', '--json']);
  const target = JSON.parse(stdout.slice(stdout.indexOf('{'))).targets['nx-release-publish'];
  expect(target).toMatchObject({
    executor: '@nx-buildx/docker:release-publish',
    dependsOn: ['docker-build'],
  });
});

test('nx release --dry-run says what it would push and pushes nothing', async () => {
  const r = await ws.nxOk(['release', '1.2.3', '--dry-run', '--yes']);
  expect(r.output).toContain('dry run: would tag');
  for (const t of ['1.2.3', '1.2', '1'])
    expect(r.output).toContain(`${LOCAL_REGISTRY}/${repository}:${t}`);
  expect(await registryTags(LOCAL_REGISTRY, repository)).toEqual([]);
  expect(await ws.git('tag')).toBe('');
});

test('nx release 1.2.3 builds, versions, tags git, and pushes 1.2.3, 1.2 and 1', async () => {
  const r = await ws.nxOk(['release', '1.2.3', '--yes']);
  expect(r.output).toContain(`pushed ${LOCAL_REGISTRY}/${repository}:1.2.3`);
  expect((await registryTags(LOCAL_REGISTRY, repository)).sort()).toEqual(['1', '1.2', '1.2.3']);
  expect(await ws.git('tag')).toBe('web@1.2.3');
  expect(JSON.parse(await ws.git('show', 'HEAD:apps/web/package.json')).version).toBe('1.2.3');
});
