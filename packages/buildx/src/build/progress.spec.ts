import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countSteps } from './progress';

// Captured from the real engine (dockerd 26.1.5, buildx 0.13.1), see __fixtures__.
const fixture = (name: string) => readFileSync(join(__dirname, '../__fixtures__', name), 'utf8');

describe('countSteps', () => {
  it('counts every Dockerfile step as run on a first build, FROM and internals excluded', () => {
    const counts = countSteps(fixture('progress-first-build.txt'));
    expect(counts.steps.map((s) => s.name)).toEqual([
      '[base 2/2] RUN echo a > /a',
      '[stage-1 1/2] COPY f /f',
      '[stage-1 2/2] RUN cat /f',
    ]);
    expect(counts).toMatchObject({ run: 3, cached: 0, failed: 0 });
  });

  it('counts CACHED steps on a rebuild', () => {
    expect(countSteps(fixture('progress-all-cached.txt'))).toMatchObject({
      run: 0,
      cached: 3,
      failed: 0,
    });
  });

  it('counts errors and leaves unfinished steps out of run and cached', () => {
    const output = [
      '#4 [1/3] FROM r/busybox',
      '#4 DONE 0.1s',
      '#5 [2/3] RUN true',
      '#5 DONE 0.2s',
      '#6 [3/3] RUN false',
      '#6 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
      '#7 [linux/arm64 2/2] COPY a /a',
    ].join('\n');
    expect(countSteps(output)).toMatchObject({ run: 1, cached: 0, failed: 1 });
    expect(countSteps(output).steps.at(-1)).toEqual({
      name: '[linux/arm64 2/2] COPY a /a',
      outcome: 'unfinished',
    });
  });

  it('reads nothing from output that is not plain progress', () => {
    expect(countSteps('random text\n#x nonsense\n')).toEqual({
      run: 0,
      cached: 0,
      failed: 0,
      steps: [],
    });
  });
});
