import type { ProcessRunner, RunResult } from '../process/runner';
import { refreshBaseImages } from '../build/refresh-bases';
import { localImageIds } from './local-ids';

/** A runner that records each argv and answers with the engine's recorded replies. */
function replay(answer: (args: readonly string[]) => Partial<RunResult> | Error) {
  const calls: string[][] = [];
  const runner: ProcessRunner = {
    run: async (file, args) => {
      calls.push([file, ...args]);
      const a = answer(args);
      if (a instanceof Error) throw a;
      return { command: '', exitCode: 0, stdout: '', stderr: '', durationMs: 1, ...a };
    },
  };
  return { runner, calls };
}

const ID = (c: string) => `sha256:${c.repeat(64)}`;

describe('localImageIds', () => {
  it('asks the engine once for all tags and returns their IDs in order', async () => {
    const { runner, calls } = replay(() => ({ stdout: `${ID('a')}\n${ID('b')}\n` }));
    expect(await localImageIds(['x:1', 'x:2'], runner)).toEqual([ID('a'), ID('b')]);
    expect(calls).toEqual([['docker', 'image', 'inspect', '--format', '{{.Id}}', 'x:1', 'x:2']]);
  });

  it.each([
    [
      'a tag is missing',
      { exitCode: 1, stdout: `${ID('a')}\n`, stderr: 'Error: No such image: x:2' },
    ],
    ['fewer IDs than tags', { stdout: `${ID('a')}\n` }],
    ['docker cannot start', new Error('spawn docker ENOENT')],
  ])('vouches for nothing when %s', async (_t, reply) => {
    const { runner } = replay(() => reply);
    expect(await localImageIds(['x:1', 'x:2'], runner)).toBeUndefined();
  });

  it('vouches for nothing without tags, and does not ask', async () => {
    const { runner, calls } = replay(() => ({}));
    expect(await localImageIds([], runner)).toBeUndefined();
    expect(calls).toEqual([]);
  });
});

describe('refreshBaseImages', () => {
  it('pulls each base for each platform and reports failures with the command to rerun', async () => {
    const { runner, calls } = replay((args) =>
      args.includes('linux/arm64')
        ? { exitCode: 1, stderr: 'pulling\nno matching manifest for linux/arm64' }
        : {},
    );
    const out = await refreshBaseImages(['a:1', 'b:2'], ['linux/amd64', 'linux/arm64'], runner);
    expect(calls.map((c) => c.join(' '))).toEqual([
      'docker pull --quiet --platform linux/amd64 a:1',
      'docker pull --quiet --platform linux/arm64 a:1',
      'docker pull --quiet --platform linux/amd64 b:2',
      'docker pull --quiet --platform linux/arm64 b:2',
    ]);
    expect(out.filter((r) => !r.ok)).toEqual([
      {
        ref: 'a:1',
        platform: 'linux/arm64',
        ok: false,
        command: 'docker pull --quiet --platform linux/arm64 a:1',
        detail: 'no matching manifest for linux/arm64',
      },
      {
        ref: 'b:2',
        platform: 'linux/arm64',
        ok: false,
        command: 'docker pull --quiet --platform linux/arm64 b:2',
        detail: 'no matching manifest for linux/arm64',
      },
    ]);
  });

  it('pulls for the default platform when none is set', async () => {
    const { runner, calls } = replay(() => ({}));
    expect(await refreshBaseImages(['a:1'], [], runner)).toEqual([
      {
        ref: 'a:1',
        platform: undefined,
        ok: true,
        command: 'docker pull --quiet a:1',
        detail: undefined,
      },
    ]);
    expect(calls).toEqual([['docker', 'pull', '--quiet', 'a:1']]);
  });
});
