import { InvalidOptionError } from '../errors/errors';
import type { ProcessRunner } from '../process/runner';
import { testdir } from '../testing/testdir';
import { buildImage } from './image';

/** Records every process buildImage would start, and answers none of them. */
function recorder(): ProcessRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (file, args) => {
      calls.push([file, ...args].join(' '));
      return { command: file, exitCode: 1, stdout: '', stderr: 'no docker here', durationMs: 1 };
    },
  };
}

const cache = { strategy: 'none' as const, scope: 'app', push: false };
const invalid = { context: '.', tags: ['r/app:1'], outputs: ['type=tar,dest=x.tar'], push: true };

describe('buildImage', () => {
  it('refuses invalid build options once, before asking docker anything', async () => {
    const runner = recorder();
    const cwd = await testdir({ Dockerfile: 'FROM scratch\n' });
    // A strategy that needs the builder's capabilities, with no capabilities remembered.
    const env = { NX_BUILDX_CACHE_DIR: await testdir({}) };
    const registry = {
      strategy: 'registry' as const,
      scope: 'app',
      push: true,
      imageRef: 'r/app:1',
    };
    const build = buildImage({ build: invalid, cache: registry }, { runner, cwd, env });
    await expect(build).rejects.toThrow(InvalidOptionError);
    await expect(build).rejects.toThrow(/outputs cannot be combined with load or push/);
    expect(runner.calls).toEqual([]);
  });

  it('does not parse options marked validated again (an executor parsed them with its schema)', async () => {
    const runner = recorder();
    const cwd = await testdir({ Dockerfile: 'FROM scratch\n' });
    // The same combination, vouched for by the caller: no parse refuses it, docker is run.
    const build = buildImage(
      { build: { ...invalid, load: false, noCache: false }, cache, validated: true },
      { runner, cwd },
    );
    await expect(build).rejects.toThrow();
    await expect(build).rejects.not.toThrow(InvalidOptionError);
    const builds = runner.calls.filter((c) => c.startsWith('docker buildx build'));
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatch(/--push/);
  });

  it("runs a build that pushes nothing once more after BuildKit's snapshot race, and not one that pushes", async () => {
    const race = 'ERROR: failed to solve: parent snapshot sha256:abc does not exist: not found';
    const racing = (): ProcessRunner & { calls: string[] } => {
      const calls: string[] = [];
      return {
        calls,
        run: async (file, args) => {
          calls.push([file, ...args].join(' '));
          return { command: file, exitCode: 1, stdout: '', stderr: race, durationMs: 1 };
        },
      };
    };
    const cwd = await testdir({ Dockerfile: 'FROM scratch\n' });
    const lines: string[] = [];
    const local = racing();
    const build = { context: '.', tags: ['app:1'], load: true, push: false };
    const err = await buildImage(
      { build, cache, validated: true },
      { runner: local, cwd, onLine: (l) => lines.push(l) },
    ).catch((e: unknown) => e);
    expect(local.calls.filter((c) => c.startsWith('docker buildx build'))).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/a BuildKit race, not your Dockerfile: building once more/);
    expect((err as Error).message).toMatch(/it failed the same way when retried once/);

    const pushing = racing();
    const once = await buildImage(
      { build: { ...build, load: false, push: true }, cache, validated: true },
      { runner: pushing, cwd },
    ).catch((e: unknown) => e);
    expect(pushing.calls.filter((c) => c.startsWith('docker buildx build'))).toHaveLength(1);
    expect((once as Error).message).toMatch(/not retried automatically: it pushes or bakes/);
  });
});
