// Scenario 6 — bad input and broken environments: one clear message each, a non-zero
// exit, and nothing half-written (no metadata from a failed build, local cache as it was).
import { execaRunner } from '@nx-buildx/buildx';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SecondEngine } from './second-engine';
import { leftoverProcesses, processesMatching } from '../../packages/buildx/src/testing/processes';
import { workspaceCacheDir } from '../../packages/docker/src/image/cache-location';
import { startSecondEngine } from './second-engine';
import { addProject, BUSYBOX, nx, nxOk, spawnNx, unique, workspace, writeFiles } from './workspace';

jest.setTimeout(600_000);
const build = (options: Record<string, unknown> = {}) => ({
  'docker-build': {
    executor: '@nx-buildx/docker:docker-build',
    options: { cacheStrategy: 'local', ...options },
  },
});

async function failing(
  targets: Record<string, unknown>,
  files: Record<string, string>,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const name = unique('bad');
  await addProject(`apps/${name}`, targets, files);
  const result = await nx(['run', `${name}:docker-build`, ...args], env);
  expect(result.exitCode).not.toBe(0);
  expect(existsSync(join(workspace(), 'dist/docker/apps', name, 'metadata.json'))).toBe(false);
  return result.output;
}
const okDockerfile = { Dockerfile: `FROM ${BUSYBOX}\nRUN true\n` };

describe('bad input gets one clear message and leaves nothing behind', () => {
  it('an unknown option (--tag for tags) is an error with a suggestion, not a silent success', async () => {
    const out = await failing(build(), okDockerfile, ['--tag=x']);
    expect(out).toMatch(/unknown option "tag"; did you mean "tags" instead of "tag"\?/);
  });

  it('a bad option value names the option, the value and what is allowed', async () => {
    const out = await failing(
      build({ platforms: ['linux/arm64/v99'], tags: ['Not A Tag'] }),
      okDockerfile,
    );
    expect(out).toMatch(
      /platforms\.0: is not a platform like linux\/amd64.*\(got "linux\/arm64\/v99"\)/,
    );
  });

  it('a value outside an enum is refused before docker runs (Nx checks schema.json enums)', async () => {
    const out = await failing(build({ cacheStrategy: 'fast' }), okDockerfile);
    expect(out).toMatch(
      /cacheStrategy.*'fast' should be one of none,inline,local,registry,gha,s3,auto/,
    );
  });

  it('an invalid tag names the tag and the rule', async () => {
    const out = await failing(build({ tags: ['Not A Tag'] }), okDockerfile);
    expect(out).toMatch(/tags\.0: "Not A Tag" is not a valid tag/);
  });

  it('a missing Dockerfile says where it looked and how to make one', async () => {
    const out = await failing(build(), {});
    expect(out).toMatch(/file: no Dockerfile at .*\/Dockerfile\. Write a Dockerfile there/);
  });

  it('a missing context says which directory', async () => {
    const out = await failing(build({ context: 'does/not/exist' }), okDockerfile);
    expect(out).toMatch(/context: the build context .*does\/not\/exist is not a directory/);
  });

  it('an unreachable engine says so and what to run', async () => {
    const out = await failing(build(), okDockerfile, [], {
      DOCKER_HOST: 'unix:///tmp/nx-buildx-no-engine.sock',
    });
    expect(out).toMatch(/The Docker Engine is not reachable/);
    expect(out).toMatch(/Start Docker .*`docker info`/);
    expect(out).not.toMatch(/tools\/docker-engine\/ensure/);
  });

  it('a failing build leaves the local cache as it was and writes no metadata', async () => {
    const name = unique('halfway');
    await addProject(`apps/${name}`, build(), {
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo one > /one\n`,
    });
    await nxOk(['run', `${name}:docker-build`]);
    const cacheRoot = workspaceCacheDir(workspace(), process.env);
    const index = readFileSync(join(cacheRoot, name, 'index.json'), 'utf8');
    await writeFiles({
      [`apps/${name}/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo one > /one\nRUN echo broken && exit 3\n`,
    });
    const metadata = join(workspace(), 'dist/docker/apps', name, 'metadata.json');
    const before = readFileSync(metadata, 'utf8');

    const result = await nx(['run', `${name}:docker-build`]);

    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/docker buildx build failed with exit code 1/);
    expect(result.output).toMatch(/at step \[3\/3\] RUN echo broken && exit 3\. Its last lines:/);
    expect(result.output).toMatch(/exit code: 3/);
    expect(readFileSync(join(cacheRoot, name, 'index.json'), 'utf8')).toBe(index);
    expect(readdirSync(cacheRoot).filter((d) => d.startsWith(name))).toEqual([name]);
    expect(readFileSync(metadata, 'utf8')).toBe(before); // still the last good build's
  });

  describe('on an engine whose builder cannot export cache (no containerd image store)', () => {
    let engine: SecondEngine | undefined;
    beforeAll(async () => {
      engine = await startSecondEngine({ containerdStore: false });
    });
    afterAll(() => engine?.stop());

    it('an explicit registry strategy names the builder, the capability and the two ways out', async () => {
      const out = await failing(build({ cacheStrategy: 'registry' }), okDockerfile, [], {
        DOCKER_HOST: engine?.host as string,
      });
      expect(out).toMatch(
        /Builder "default" cannot export build cache, which cacheStrategy "registry" needs/,
      );
      expect(out).toMatch(
        /docker buildx create --use --driver docker-container.*or choose another cache strategy/s,
      );
    });

    it('auto degrades to inline with a warning and builds', async () => {
      const name = unique('auto');
      await addProject(`apps/${name}`, build({ cacheStrategy: 'auto' }), okDockerfile);
      const result = await nxOk(['run', `${name}:docker-build`], {
        DOCKER_HOST: engine?.host as string,
      });
      expect(result.output).toMatch(
        /cannot export cache, so cacheStrategy "auto" uses "inline" instead of "local"/,
      );
      expect(result.output).toMatch(/cache: auto → inline \(builder \S+ cannot export cache\)/);
    });
  });
});

/** A tagged project built once: its report as written and its image ID, to compare after. */
async function builtOnce(marker: string, dockerfile: string) {
  const tag = `nx-buildx-test/${marker}:e2e`;
  await addProject(`apps/${marker}`, build({ tags: [tag] }), { Dockerfile: dockerfile });
  expect((await nx(['run', `${marker}:docker-build`])).exitCode).toBe(0);
  const report = join(workspace(), 'dist/docker/apps', marker, 'metadata.json');
  const imageId = async () =>
    (await execaRunner.run('docker', ['image', 'inspect', '-f', '{{.Id}}', tag])).stdout;
  return { tag, report, before: readFileSync(report, 'utf8'), imageId, idBefore: await imageId() };
}

describe('Ctrl-C', () => {
  it('stops the build: no docker buildx process or RUN step is left running', async () => {
    const marker = unique('ctrlc');
    await addProject(`apps/${marker}`, build(), {
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${marker} && sleep 300\n`,
    });
    const run = spawnNx(['run', `${marker}:docker-build`], { NX_SKIP_NX_CACHE: undefined });
    await run.waitFor(new RegExp(`#\\d+ \\d+\\.\\d+ ${marker}`));

    // A terminal's Ctrl-C signals the whole foreground process group: do the same.
    process.kill(-run.pid, 'SIGINT');
    expect(await run.exited).not.toBe(0);

    expect(await leftoverProcesses(marker)).toEqual([]);
    expect(existsSync(join(workspace(), 'dist/docker/apps', marker, 'metadata.json'))).toBe(false);
  });

  it.each([
    [
      'nx run (the task in a pseudo-terminal of Nx)',
      (p: string) => ['run', `${p}:docker-build`],
      (p: string) => `docker-build for ${p}`,
      'the image and its report are',
    ],
    [
      'nx run-many (the task piped)',
      (p: string) => ['run-many', '-t', 'docker-build', '-p', p],
      (p: string) => `docker-build for ${p}`,
      'the image and its report are',
    ],
    [
      'nx run-many --batch',
      (p: string) => ['run-many', '-t', 'docker-build', '-p', p, '--batch'],
      (p: string) => `docker-build \\(a batch of 1: ${p}:docker-build\\)`,
      'the images and reports of its unfinished tasks are',
    ],
  ])(
    'typed in a terminal under %s, it says so before the prompt comes back: interrupted, image and report unchanged',
    async (_, command, who, unchanged) => {
      // Nx without its terminal UI silences its own output on SIGINT and exits at once: the
      // line must be out before that. A report of an earlier build stays as it was.
      const marker = unique('ctrlctty');
      const { tag, report, before, imageId, idBefore } = await builtOnce(
        marker,
        `FROM ${BUSYBOX}\nRUN echo ${marker}-first\n`,
      );
      expect(idBefore).toMatch(/^sha256:/);
      await writeFiles({
        // the shell stays (its command line names the marker) while sleep runs
        [`apps/${marker}/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo ${marker} && sleep 300 && echo ${marker}\n`,
      });

      const run = spawnNx(command(marker), {}, { terminal: true });
      // run-many shows a task's output only once it ends: wait for its RUN step to run
      while ((await processesMatching(`sleep 300 && echo ${marker}`)).length === 0)
        await new Promise((r) => setTimeout(r, 200));
      run.ctrlC();
      expect(await run.exited).toBe(130);

      expect(run.output()).toMatch(
        new RegExp(
          `${who(marker)} was interrupted \\(SIGINT\\); the docker process is stopped; ${unchanged} unchanged\\.\\r?\\nRun it again when ready\\. \\[INTERRUPTED\\]`,
        ),
      );
      expect(run.output()).not.toMatch(/BUILD_FAILED|context canceled/);
      expect(await leftoverProcesses(marker)).toEqual([]);
      expect(readFileSync(report, 'utf8')).toBe(before);
      expect(await imageId()).toBe(idBefore);
      await execaRunner.run('docker', ['image', 'rm', tag]);
    },
  );
  it('typed while the image is exported, tags and report still agree: both the old build, with INTERRUPTED said, or both the new one', async () => {
    const marker = unique('ctrlcexport');
    // 150 MB of random bytes: an export long enough (compressing it) to be interrupted in
    const dockerfile = (n: number) =>
      `FROM ${BUSYBOX}\nRUN head -c 150000000 /dev/urandom > /big && echo ${marker}-${n}\n`;
    const { tag, report, before, imageId, idBefore } = await builtOnce(marker, dockerfile(1));
    await writeFiles({ [`apps/${marker}/Dockerfile`]: dockerfile(2) });

    const run = spawnNx(['run', `${marker}:docker-build`], {}, { terminal: true });
    await run.waitFor(/#\d+ exporting layers/);
    run.ctrlC();
    await run.exited;
    await leftoverProcesses(marker);

    const after = readFileSync(report, 'utf8');
    const idAfter = await imageId();
    console.log(
      `Ctrl-C in the export: ${after === before ? 'stopped in time' : 'the export had finished'}`,
    );
    if (after === before) {
      // stopped in time: nothing moved, and it said so
      expect(idAfter).toBe(idBefore);
      expect(run.output()).toMatch(
        new RegExp(
          `docker-build for ${marker} was interrupted \\(SIGINT\\);.*the image and its report are unchanged`,
        ),
      );
    } else {
      // the export had finished: the tag names the image the new report describes
      expect(idAfter).not.toBe(idBefore);
      const written = JSON.parse(after) as Record<string, string>;
      expect([written['containerimage.digest'], written['containerimage.config.digest']]).toContain(
        idAfter,
      );
    }
    await execaRunner.run('docker', ['image', 'rm', tag]);
  });
});
