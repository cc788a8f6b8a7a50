import type { ProcessRunner, RunResult } from '../process/runner';
import { PushFailedError, ReleaseImageMissingError } from '../errors/publish';
import { publishImage, pushedDigest } from './publish';

function replay(answer: (args: readonly string[]) => Partial<RunResult>) {
  const calls: string[] = [];
  const runner: ProcessRunner = {
    run: async (file, args) => {
      calls.push([file, ...args].join(' '));
      return { command: '', exitCode: 0, stdout: '', stderr: '', durationMs: 1, ...answer(args) };
    },
  };
  return { runner, calls };
}

const DIGEST = `sha256:${'d'.repeat(64)}`;
const input = {
  source: 'reg:5000/app:latest',
  refs: ['reg:5000/app:1.2.3', 'reg:5000/app:1.2'],
  buildCommand: 'nx run app:docker-build',
};

describe('publishImage', () => {
  it('tags every ref, then pushes each and reads its digest', async () => {
    const { runner, calls } = replay((args) =>
      args[0] === 'image' && args[1] === 'inspect'
        ? { stdout: `sha256:${'a'.repeat(64)}` }
        : args[1] === 'push'
          ? { stdout: `${args[2]}: digest: ${DIGEST} size: 527` }
          : {},
    );
    expect(await publishImage(input, { runner })).toEqual([
      { ref: 'reg:5000/app:1.2.3', digest: DIGEST },
      { ref: 'reg:5000/app:1.2', digest: DIGEST },
    ]);
    expect(calls.slice(1)).toEqual([
      'docker image tag reg:5000/app:latest reg:5000/app:1.2.3',
      'docker image tag reg:5000/app:latest reg:5000/app:1.2',
      'docker image push reg:5000/app:1.2.3',
      'docker image push reg:5000/app:1.2',
    ]);
  });

  it('tags and pushes nothing when the built image is not in the engine', async () => {
    const { runner, calls } = replay(() => ({ exitCode: 1, stderr: 'No such image' }));
    const err = await publishImage(input, { runner }).catch((e) => e);
    expect(err).toBeInstanceOf(ReleaseImageMissingError);
    expect(err.message).toContain('nx run app:docker-build');
    expect(calls).toHaveLength(1);
  });

  it('names what was pushed before a push failed', async () => {
    const { runner } = replay((args) =>
      args[1] === 'inspect'
        ? { stdout: `sha256:${'a'.repeat(64)}` }
        : args[2] === 'reg:5000/app:1.2'
          ? { exitCode: 1, stderr: 'denied: requested access to the resource is denied' }
          : {},
    );
    const err = await publishImage(input, { runner }).catch((e) => e);
    expect(err).toBeInstanceOf(PushFailedError);
    expect(err.pushed).toEqual(['reg:5000/app:1.2.3']);
    expect(err.message).toContain('denied');
  });

  it('reads no digest from unrelated output', () => {
    expect(pushedDigest('The push refers to repository [reg/app]')).toBeUndefined();
  });
});
