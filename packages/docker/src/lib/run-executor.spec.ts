import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { BuildFailedError, InterruptedError } from '@nx-buildx/buildx';
import { runExecutor } from './run-executor';

const context = { projectName: 'app', root: '/ws', isVerbose: false } as unknown as ExecutorContext;
const failed = () =>
  new BuildFailedError('docker buildx build', 1, ['ERROR: boom'], 'docker buildx build .');

describe('runExecutor', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    jest.spyOn(logger, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
  });
  afterEach(() => jest.restoreAllMocks());

  it('a failure is one message naming the executor, the project and the error code', async () => {
    expect(
      await runExecutor('docker-build', context, async () => Promise.reject(failed())),
    ).toEqual({ success: false });
    expect(errors).toEqual([
      expect.stringMatching(
        /^docker-build failed for app \[BUILD_FAILED\]:\ndocker buildx build failed with exit code 1/,
      ),
    ]);
  });

  it('names no code for an error that has none (a bug, not a documented failure)', async () => {
    await runExecutor('docker-build', context, async () => Promise.reject(new Error('boom')));
    expect(errors).toEqual(['docker-build failed for app:\nboom']);
  });

  it('docker failing because the process group got SIGTERM is reported as interrupted, not failed', async () => {
    const result = await runExecutor('docker-build', context, async () => {
      // The signal is handled just after docker exited non-zero on it.
      setTimeout(() => process.emit('SIGTERM', 'SIGTERM'), 5);
      throw failed();
    });
    expect(result).toEqual({ success: false });
    expect(errors).toEqual([
      expect.stringMatching(
        /^docker-build for app was interrupted \(SIGTERM\); the docker process was stopped/,
      ),
    ]);
    expect(errors.join('\n')).not.toMatch(/failed/);
  });

  it('an InterruptedError from the docker run is one "interrupted" message', async () => {
    await runExecutor('docker-build', context, async () =>
      Promise.reject(new InterruptedError('docker buildx build', 'SIGINT')),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^docker-build for app was interrupted \(SIGINT\).*\n.*\[INTERRUPTED\]$/,
      ),
    ]);
  });

  it('a signal between docker commands stops the executor at once (exit 128+n), saying so', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    await runExecutor('docker-build', context, async () => {
      process.emit('SIGTERM', 'SIGTERM');
    });
    expect(exit).toHaveBeenCalledWith(143);
    expect(errors[0]).toMatch(/was interrupted \(SIGTERM\)/);
  });

  it('removes its signal listeners afterwards', async () => {
    const before = process.listenerCount('SIGTERM');
    await runExecutor('docker-build', context, async () => undefined);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
