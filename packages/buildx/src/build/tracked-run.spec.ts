import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildFailedError } from '../errors/errors';
import type { ProcessRunner, RunOptions } from '../process/runner';
import { runTracked } from './tracked-run';

// Captured from buildx 0.13.1 (`--progress rawjson`, which runTracked always asks
// docker for): a RUN step prints 15 lines and exits 3.
const FAILED = readFileSync(join(__dirname, '../__fixtures__/rawjson-failed-step.txt'), 'utf8');

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
    expect(all.match(/^#\d+ [\d.]+ line15$/gm)).toHaveLength(1); // the progress line
    expect(all.match(/^ {2}line15$/gm)).toHaveLength(1); // the error's own copy
    expect(all.match(/ERROR: failed to solve/g)).toHaveLength(1);
    expect(shown).toEqual(expect.arrayContaining([expect.stringMatching(/^#\d+ [\d.]+ broken$/)]));
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
      { runner: replay('WARNING: x\n------\nnot a failure', 0), onLine: (l) => shown.push(l) },
    );
    expect(shown).toEqual(['WARNING: x', '------', 'not a failure']);
  });
});

describe('runTracked in every progress mode', () => {
  const FIRST = readFileSync(join(__dirname, '../__fixtures__/rawjson-first-build.txt'), 'utf8');

  it.each([
    ['plain', /^#\d+ \[base 2\/2\] RUN echo hi > \/a$/],
    ['auto', /^#\d+ \[base 2\/2\] RUN echo hi > \/a$/],
    ['tty', /^#\d+ \[base 2\/2\] RUN echo hi > \/a$/],
    ['rawjson', /^ {6}"name": "\[base 2\/2\] RUN echo hi \\u003e \/a",$/],
  ])(
    '%s: docker reports rawjson, the user sees their mode, the counts are right',
    async (mode, seen) => {
      const shown: string[] = [];
      let argv: readonly string[] = [];
      const runner: ProcessRunner = {
        async run(file, args, o: RunOptions = {}) {
          argv = args;
          return replay(FIRST, 0).run(file, args, o);
        },
      };
      const { steps } = await runTracked(
        'docker buildx build',
        { command: 'docker', args: ['buildx', 'build', '--progress', mode, '.'] },
        { runner, onLine: (l) => shown.push(l) },
      );
      expect(argv).toEqual(['buildx', 'build', '--progress', 'rawjson', '.']);
      expect(steps).toMatchObject({ run: 3, cached: 0, failed: 0 });
      expect(shown).toEqual(expect.arrayContaining([expect.stringMatching(seen)]));
    },
  );

  it('quiet shows nothing and still counts', async () => {
    const shown: string[] = [];
    const { steps } = await runTracked(
      'docker buildx build',
      { command: 'docker', args: ['buildx', 'build', '--progress', 'quiet', '.'] },
      { runner: replay(FIRST, 0), onLine: (l) => shown.push(l) },
    );
    expect(shown).toEqual([]);
    expect(steps).toMatchObject({ run: 3, cached: 0 });
  });
});
