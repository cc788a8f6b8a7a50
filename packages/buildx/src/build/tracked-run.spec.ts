import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildFailedError } from '../errors/errors';
import type { ProcessRunner, RunOptions } from '../process/runner';
import { runTracked } from './tracked-run';

// Captured from buildx 0.13.1: a RUN step prints 15 lines and exits 3.
const FAILED = readFileSync(join(__dirname, '../__fixtures__/progress-failed-step.txt'), 'utf8');

/** Replays captured output line by line, as the real runner streams it. */
const replay = (stderr: string, exitCode: number): ProcessRunner => ({
  async run(file, args, o: RunOptions = {}) {
    for (const line of stderr.split('\n')) o.onLine?.(line, 'stderr');
    return { command: [file, ...args].join(' '), exitCode, stdout: '', stderr, durationMs: 1 };
  },
});

describe('runTracked', () => {
  it('a failed step: progress streams once, the error names the step and its last lines once', async () => {
    const shown: string[] = [];
    const err = await runTracked(
      'docker buildx build',
      { command: 'docker', args: ['buildx', 'build', '.'] },
      { runner: replay(FAILED, 1), onLine: (l) => shown.push(l) },
    ).catch((e: unknown) => e as Error);

    expect(err).toBeInstanceOf(BuildFailedError);
    const all = `${shown.join('\n')}\n${(err as Error).message}`;
    expect(all.match(/^#6 [\d.]+ line15$/gm)).toHaveLength(1); // the progress line
    expect(all.match(/^ {2}line15$/gm)).toHaveLength(1); // the error's own copy
    expect(all.match(/ERROR: failed to solve/g)).toHaveLength(1);
    expect(shown).toContain('#6 0.179 broken');
    expect(shown).not.toContain('------');
    expect((err as Error).message).toMatch(
      /failed with exit code 1 at step \[3\/4\] RUN for i in .* exit 3\. Its last lines:\n {2}line7\n/,
    );
  });

  it('a successful run passes every line on, even one that looks like a failure summary', async () => {
    const shown: string[] = [];
    await runTracked(
      'docker buildx build',
      { command: 'docker', args: ['buildx', 'build', '.'] },
      { runner: replay('#1 DONE 0.0s\n------\nnot a failure', 0), onLine: (l) => shown.push(l) },
    );
    expect(shown).toEqual(['#1 DONE 0.0s', '------', 'not a failure']);
  });
});
