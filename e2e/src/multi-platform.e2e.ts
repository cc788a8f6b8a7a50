// Scenario 3 — a multi-platform image pushed through `nx run`: both manifests reach the
// registry and the arm64 image runs (under qemu) and reports aarch64.
import { runImage } from '../../packages/buildx/src/testing/container';
import { registryManifest } from '../../packages/buildx/src/testing/registry';
import { addProject, BUSYBOX, LOCAL_REGISTRY, metadataOf, nxOk, unique } from './workspace';

jest.setTimeout(600_000);

it('pushes linux/amd64 + linux/arm64 and the arm64 image reports aarch64', async () => {
  const name = unique('multi');
  const root = `apps/${name}`;
  await addProject(
    root,
    {
      'docker-build': {
        executor: '@nx-buildx/docker:docker-build',
        options: {
          registry: `${LOCAL_REGISTRY}/e2e`,
          platforms: ['linux/amd64', 'linux/arm64'],
          push: true,
          cacheStrategy: 'registry',
        },
      },
    },
    { Dockerfile: `FROM ${BUSYBOX}\nRUN uname -m > /built-on\nCMD ["uname", "-m"]\n` },
  );

  await nxOk(['run', `${name}:docker-build`]);

  const manifest = await registryManifest(LOCAL_REGISTRY, `e2e/${name}`, 'latest');
  expect(manifest.platforms.sort()).toEqual(['linux/amd64', 'linux/arm64']);
  const meta = await metadataOf(root);
  expect(meta).toMatchObject({
    platforms: ['linux/amd64', 'linux/arm64'],
    digest: manifest.digest,
  });
  const ref = `${LOCAL_REGISTRY}/e2e/${name}:latest`;
  expect((await runImage(ref, [], { platform: 'linux/arm64' })).trim()).toBe('aarch64');
  expect((await runImage(ref, ['cat', '/built-on'], { platform: 'linux/arm64' })).trim()).toBe(
    'aarch64',
  );
  expect((await runImage(ref, [], { platform: 'linux/amd64' })).trim()).toBe('x86_64');
});
