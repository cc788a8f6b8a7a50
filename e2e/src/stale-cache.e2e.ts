// Scenario 1 — "it built, but the old code still runs": a secret (an upstream package
// index, say) does not invalidate BuildKit's cache, so a cached build ships the old
// value. docker-fresh ships the new one, and the next cached build keeps it.
import { runImage } from '../../packages/buildx/src/testing/container';
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
    expect(fresh.output).toMatch(/1 step run, 0 cached .*cache: local, fresh: no-cache/);
    expect(await metadataOf(root)).toMatchObject({
      fresh: 'no-cache',
      steps: { run: 1, cached: 0 },
      cacheStrategy: 'local',
    });

    await nxOk(['run', `${name}:docker-build`]);
    expect((await runImage(image)).trim()).toBe('2.0.0');
    expect(await metadataOf(root)).toMatchObject({ fresh: null, steps: { run: 0, cached: 1 } });
  });

  it('mode bust: a fresh value of CACHE_BUST reruns the steps after its ARG', async () => {
    await writeFiles({
      [`${root}/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo stable > /stable\nARG CACHE_BUST\nRUN --mount=type=secret,id=upstream cat /run/secrets/upstream > /upstream-version\nCMD ["cat", "/upstream-version"]\n`,
      [`${root}/upstream-version.txt`]: '3.0.0',
    });
    await nxOk(['run', `${name}:docker-build`]);
    await writeFiles({ [`${root}/upstream-version.txt`]: '3.1.0' });
    const out = await nxOk(['run', `${name}:docker-fresh`, '--mode=bust', '--verbose']);
    expect((await runImage(image)).trim()).toBe('3.1.0');
    expect(await metadataOf(root)).toMatchObject({ fresh: 'bust', steps: { run: 1, cached: 1 } });
    expect(out.output).toMatch(/\$ docker buildx build .*--build-arg CACHE_BUST=/); // --verbose shows the command
  });

  it('mode stages: only the named stages are rebuilt', async () => {
    await writeFiles({
      [`${root}/Dockerfile`]: `FROM ${BUSYBOX} AS upstream\nRUN --mount=type=secret,id=upstream cat /run/secrets/upstream > /upstream-version\nFROM ${BUSYBOX}\nRUN echo runtime > /runtime\nCOPY --from=upstream /upstream-version /upstream-version\nCMD ["cat", "/upstream-version"]\n`,
      [`${root}/upstream-version.txt`]: '4.0.0',
    });
    await nxOk(['run', `${name}:docker-build`]);
    await writeFiles({ [`${root}/upstream-version.txt`]: '4.1.0' });
    await nxOk(['run', `${name}:docker-fresh`, '--mode=stages', '--stages=upstream']);
    expect((await runImage(image)).trim()).toBe('4.1.0');
    expect(await metadataOf(root)).toMatchObject({ fresh: 'stages', steps: { run: 2, cached: 1 } });
  });

  it("mode prune: says it clears every project's cache, reports what it reclaimed, and builds fresh", async () => {
    await writeFiles({ [`${root}/upstream-version.txt`]: '5.0.0' });
    const out = await nxOk(['run', `${name}:docker-fresh`, '--mode=prune']);
    expect(out.output).toMatch(/clears the build cache of EVERY project on this engine/);
    expect(out.output).toMatch(/pruned: [\d.]+ (B|KiB|MiB|GiB) reclaimed/);
    expect((await runImage(image)).trim()).toBe('5.0.0');
    expect(await metadataOf(root)).toMatchObject({ fresh: 'prune', steps: { cached: 0 } });
  });
});
