import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import type * as NodeFs from 'node:fs';
import { BuildFailedError, InterruptedError } from '@nx-buildx/buildx';
import { runExecutor } from './run-executor';

// the module object itself (an `import *` is a copy that a spy would not reach)
const fs = jest.requireActual<typeof NodeFs>('node:fs');
const context = { projectName: 'app', root: '/ws', isVerbose: false } as unknown as ExecutorContext;
const failed = () =>
  new BuildFailedError('docker buildx build', 1, ['ERROR: boom'], 'docker buildx build .');

describe('runExecutor', () => {
  let errors: string[];
  /** What was written to stderr at once, when a signal came. */
  let saidNow: string[];
  let infos: string[];
  beforeEach(() => {
    errors = [];
    saidNow = [];
    infos = [];
    jest.spyOn(logger, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    jest.spyOn(logger, 'info').mockImplementation((m: unknown) => void infos.push(String(m)));
    // as on CI: no controlling terminal, so the line goes to stderr
    jest.spyOn(fs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error('ENXIO: no such device or address'), { code: 'ENXIO' });
    });
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, text: string) => {
      if (fd === 2) saidNow.push(text);
      return text.length;
    }) as typeof fs.writeSync);
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
    expect(saidNow).toEqual([
      expect.stringMatching(
        /^docker-build for app was interrupted \(SIGTERM\); the docker process is stopped/,
      ),
    ]);
    expect(errors).toEqual([]);
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
    expect(saidNow).toEqual([expect.stringMatching(/was interrupted \(SIGTERM\)/)]);
  });

  it('says "interrupted" once, when the first signal comes, while docker still runs', async () => {
    jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    let duringBody: string[] = [];
    await runExecutor('docker-build', context, async () => {
      // a terminal's Ctrl-C, then Nx's SIGTERM and the SIGHUP of its closing pty
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.emit(s, s);
      duringBody = [...saidNow];
      throw new InterruptedError('docker buildx build', 'SIGINT');
    });
    expect(duringBody).toEqual([
      expect.stringMatching(
        /^docker-build for app was interrupted \(SIGINT\);.*\n.*\[INTERRUPTED\]\n$/,
      ),
    ]);
    expect(saidNow).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('a build that finished as the signal came says so after the "interrupted" line', async () => {
    jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const result = await runExecutor('docker-build', context, async () => {
      process.emit('SIGINT', 'SIGINT');
    });
    expect(result).toEqual({ success: true });
    expect(saidNow).toHaveLength(1);
    expect(infos).toEqual(['docker-build for app finished before the interruption took effect.']);
  });

  it('removes its signal listeners afterwards', async () => {
    const before = process.listenerCount('SIGTERM');
    await runExecutor('docker-build', context, async () => undefined);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
