// Scenario 1 — "it built, but the old code still runs": a secret (an upstream package
// index, say) does not invalidate BuildKit's cache, so a cached build ships the old
// value. docker-fresh ships the new one, and the next cached build keeps it.
import { runImage } from '@nx-buildx/buildx';
import { addProject, BUSYBOX, metadataOf, nxOk, unique, writeFiles } from './workspace';

jest.setTimeout(600_000);

describe('the stale-cache problem and docker-fresh', () => {
  const name = unique('stale');
  const root = `apps/${name}`;
  const image = `e2e/${name}:latest`;
  const common = {
    imageName: `e2e/${name}`,
    cacheStrategy: 'local',
    secrets: [{ id: 'upstream', src: `${root}/upstream-version.txt` }],
  };

  beforeAll(async () => {
    await addProject(
      root,
      {
        'docker-build': { executor: '@nx-buildx/docker:docker-build', options: common },
        'docker-fresh': { executor: '@nx-buildx/docker:docker-fresh-build', options: common },
      },
      {
        Dockerfile: `FROM ${BUSYBOX}\nRUN --mount=type=secret,id=upstream cat /run/secrets/upstream > /upstream-version\nCMD ["cat", "/upstream-version"]\n`,
        'upstream-version.txt': '1.0.0',
      },
    );
  });

  it('reproduces the problem, fixes it with docker-fresh, and the next docker-build keeps the fix', async () => {
    await nxOk(['run', `${name}:docker-build`]);
    expect((await runImage(image)).trim()).toBe('1.0.0');

    await writeFiles({ [`${root}/upstream-version.txt`]: '2.0.0' });
    const stale = await nxOk(['run', `${name}:docker-build`]);
    expect((await runImage(image)).trim()).toBe('1.0.0'); // the problem: a cached, stale layer
    expect(stale.output).toMatch(/0 steps run, 1 cached/);

    const fresh = await nxOk(['run', `${name}:docker-fresh`]);
    expect((await runImage(image)).trim()).toBe('2.0.0');
    expect(fresh.output).toMatch(/1 steps run, 0 cached .*cache: local, fresh: no-cache/);
    expect(await metadataOf(root)).toMatchObject({
      fresh: 'no-cache',
      steps: { run: 1, cached: 0 },
      cacheStrategy: 'local',
    });

    await nxOk(['run', `${name}:docker-build`]);
    expect((await runImage(image)).trim()).toBe('2.0.0');
    expect(await metadataOf(root)).toMatchObject({ fresh: null, steps: { run: 0, cached: 1 } });
  });
});
