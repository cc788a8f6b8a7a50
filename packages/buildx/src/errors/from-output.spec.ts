import type { RunResult } from '../process/runner';
import { BuildFailedError, EngineUnreachableError } from './errors';
import { errorFromResult, failedStep } from './from-output';

// Captured from buildx 0.13.1 (a RUN step that prints 15 lines and exits 3).
const FAILED = `#5 [2/4] RUN echo one > /one
#5 DONE 0.2s

#6 [3/4] RUN for i in 1 2 3; do echo line$i; done; echo broken && exit 3
${Array.from({ length: 15 }, (_, i) => `#6 0.179 line${i + 1}`).join('\n')}
#6 0.179 broken
#6 ERROR: process "/bin/sh -c for i in 1 2 3; do echo line$i; done; echo broken && exit 3" did not complete successfully: exit code: 3
------
 > [3/4] RUN for i in 1 2 3; do echo line$i; done; echo broken && exit 3:
${Array.from({ length: 9 }, (_, i) => `0.179 line${i + 7}`).join('\n')}
0.179 broken
------
Dockerfile:3
--------------------
   2 |     RUN echo one > /one
   3 | >>> RUN for i in 1 2 3; do echo line$i; done; echo broken && exit 3
--------------------
ERROR: failed to solve: process "/bin/sh -c for i in 1 2 3; do echo line$i; done; echo broken && exit 3" did not complete successfully: exit code: 3`;

const result = (stderr: string, exitCode = 1): RunResult => ({
  command: 'docker buildx build .',
  exitCode,
  stdout: '',
  stderr,
  durationMs: 1,
});

describe('failedStep', () => {
  it('names the failing step and keeps only its last lines, the location and the ERROR line', () => {
    const f = failedStep(FAILED);
    expect(f?.step).toBe('[3/4] RUN for i in 1 2 3; do echo line$i; done; echo broken && exit 3');
    expect(f?.lines).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `line${i + 7}`),
      'broken',
      '(Dockerfile:3)',
      expect.stringMatching(/^ERROR: failed to solve: .*exit code: 3$/),
    ]);
  });

  it('finds nothing when docker named no step', () => {
    expect(failedStep('ERROR: failed to solve: failed to read dockerfile')).toBeUndefined();
  });
});

describe('errorFromResult', () => {
  it('a failed step: the message names it once and does not repeat the progress', () => {
    const err = errorFromResult('docker buildx build', result(FAILED));
    expect(err).toBeInstanceOf(BuildFailedError);
    expect(err.message).toMatch(/failed with exit code 1 at step \[3\/4\] RUN for i/);
    expect(err.message).not.toMatch(/#6 /);
    expect(err.message.match(/line15/g)).toHaveLength(1);
    expect(err.message).not.toMatch(/line6\b/);
  });

  it('no step: the last lines without the progress that already streamed', () => {
    const err = errorFromResult(
      'docker buildx build',
      result('#1 [internal] load build definition\n#1 DONE 0.0s\nERROR: failed to solve: nope'),
    );
    expect(err.message).toMatch(/Last lines of output:\n {2}ERROR: failed to solve: nope\n/);
    expect(err.message).not.toMatch(/#1/);
  });

  it('an engine that is down says what a user of the published package can do', () => {
    const err = errorFromResult(
      'docker buildx build',
      result(
        'ERROR: Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?',
      ),
    );
    expect(err).toBeInstanceOf(EngineUnreachableError);
    expect(err.message).toMatch(/docker info/);
    expect(err.message).toMatch(/DOCKER_HOST or DOCKER_CONTEXT/);
    expect(err.message).not.toMatch(/tools\/docker-engine/);
  });
});
