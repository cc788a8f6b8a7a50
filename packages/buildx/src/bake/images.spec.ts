import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildFailedError } from '../errors/errors';
import { errorFromResult } from '../errors/from-output';
import type { ProcessRunner } from '../process/runner';
import { testdir } from '../testing/testdir';
import { bakeDefinitionOf, writeImagesBake } from './images';
import { failedTargets, TargetLines } from './target-output';

const failedBake = readFileSync(`${__dirname}/../__fixtures__/progress-bake-failed.txt`, 'utf8');
const lines = failedBake.split('\n');
/** The typed error runBake throws for a failed bake's output (buildx writes it all to stderr). */
const bakeFailure = (stderr: string) =>
  errorFromResult('docker buildx bake', {
    command: 'docker buildx bake',
    exitCode: 1,
    stdout: '',
    stderr,
    durationMs: 1,
  }) as BuildFailedError;
const failure = bakeFailure(failedBake);
const dockerfiles = {
  base: { dockerfile: 'base.Dockerfile' },
  app: { dockerfile: 'app.Dockerfile' },
  bad: { dockerfile: 'bad.Dockerfile' },
  slow: { dockerfile: 'slow.Dockerfile' },
};

describe('failedTargets (output of a real failed bake, buildx 0.13)', () => {
  it('names the target whose step failed, not the ones cancelled or finished', () => {
    expect(failure).toBeInstanceOf(BuildFailedError);
    expect(failedTargets(failure, lines, dockerfiles)).toEqual(['bad']);
  });

  it('finds it from the failing vertex when the error names no step', () => {
    expect(failedTargets({ lastLines: [] }, lines, dockerfiles)).toEqual(['bad']);
  });

  it('finds it from the Dockerfile location alone (--progress quiet prints nothing else)', () => {
    const quiet = { lastLines: ['(bad.Dockerfile:2)', 'ERROR: failed to solve: exit code: 3'] };
    expect(failedTargets(quiet, [], dockerfiles)).toEqual(['bad']);
    // Two targets built from one Dockerfile cannot be told apart: nobody is blamed.
    expect(
      failedTargets(quiet, [], {
        a: { dockerfile: 'bad.Dockerfile' },
        b: { dockerfile: 'bad.Dockerfile' },
      }),
    ).toEqual([]);
  });

  it('does not blame a target that was only cancelled because another failed', () => {
    const progress = [
      '#12 [base] exporting cache to client directory',
      '#12 ERROR: context canceled',
      '#10 [app 1/2] RUN exit 7',
      '#10 ERROR: process "/bin/sh -c exit 7" did not complete successfully: exit code: 7',
    ];
    const canceledStep = {
      step: '[base] exporting cache to client directory',
      lastLines: ['ERROR: failed to solve: context canceled'],
    };
    expect(failedTargets(canceledStep, progress, dockerfiles)).toEqual(['app']);
  });

  it('blames the target whose error buildx ended with, not one whose cache export it aborted (captured, buildx 0.13)', () => {
    const progress = readFileSync(
      `${__dirname}/../__fixtures__/progress-bake-failed-export.txt`,
      'utf8',
    ).split('\n');
    const error = {
      step: '[base] exporting cache to client directory',
      lastLines: [
        '(Dockerfile:2)',
        'ERROR: (*service).Write failed: rpc error: code = Canceled desc = context canceled',
        'ERROR: failed to solve: process "/bin/sh -c echo \\"app fails\\" && exit 7" did not complete successfully: exit code: 7',
      ],
    };
    expect(
      failedTargets(error, progress, {
        base: { dockerfile: 'base/Dockerfile' },
        app: { dockerfile: 'app/Dockerfile' },
      }),
    ).toEqual(['app']);
  });

  it('names every target a failed step was shown under', () => {
    const progress = [
      '#13 [app 1/2] RUN echo "app fails" && exit 7',
      '#13 [top 1/2] RUN echo "app fails" && exit 7',
      '#13 ERROR: process "/bin/sh -c exit 7" did not complete successfully: exit code: 7',
    ];
    const error = {
      lastLines: [
        'ERROR: failed to solve: process "/bin/sh -c exit 7" did not complete successfully: exit code: 7',
      ],
    };
    // The step is in both Dockerfiles (BuildKit ran it once): both targets failed.
    expect(failedTargets(error, progress, { app: {}, top: {} }).sort()).toEqual(['app', 'top']);
  });

  it("reads newer buildx's `ERROR: target X:` line", () => {
    const newer = { lastLines: ['ERROR: target app: failed to solve: exit code: 1'] };
    expect(failedTargets(newer, [], dockerfiles)).toEqual(['app']);
  });
});

describe('TargetLines', () => {
  it("gives each vertex's lines to the target that introduced it, and run-wide lines to none", () => {
    const owner = new TargetLines(Object.keys(dockerfiles));
    const byTarget: Record<string, string[]> = {};
    for (const line of lines) {
      const t = owner.push(line) ?? '-';
      (byTarget[t] ??= []).push(line);
    }
    expect(byTarget.bad).toContain('#17 1.304 oops');
    expect(byTarget.slow).toContain('#12 CANCELED');
    expect(byTarget.bad?.some((l) => l.includes('CANCELED'))).toBe(false);
    expect(byTarget['-']).toContain('#1 [internal] load local bake definitions');
    expect(byTarget.app?.some((l) => / naming to docker.io\/bkf\/app:1 done/.test(l))).toBe(true);
    expect(byTarget.base?.some((l) => l.includes('bkf/app'))).toBe(false);
  });
});

describe('TargetLines vertex numbers', () => {
  it('keeps the targets of a shared step, and starts over when a number comes back for another step', () => {
    const owner = new TargetLines(['base', 'app']);
    owner.push('#8 [base 2/2] RUN echo base');
    expect(owner.sharers('#8 [app 2/2] RUN echo base')).toEqual(['base', 'app']);
    owner.push('#15 [base] exporting to image');
    expect(owner.sharers('#15 [app 1/2] RUN exit 7')).toEqual(['app']);
    expect(owner.push('#15 ERROR: exit code: 7')).toBe('app');
  });
});

describe('bakeDefinitionOf', () => {
  it('writes one target per image with its build contexts as given, all in the default group', () => {
    expect(
      bakeDefinitionOf({
        base: { build: { context: '.', file: 'base/Dockerfile', tags: ['r/base:1'] } },
        app: {
          build: {
            context: '.',
            file: 'app/Dockerfile',
            tags: ['r/app:1'],
            // A user's own `target:` context is passed on as it is.
            buildContexts: { src: './src', 'r/base:1': 'target:base' },
            cacheFrom: ['type=local,src=/c/app'],
          },
        },
      }),
    ).toEqual({
      group: { default: { targets: ['base', 'app'] } },
      target: {
        base: { context: '.', dockerfile: 'base/Dockerfile', tags: ['r/base:1'] },
        app: {
          context: '.',
          dockerfile: 'app/Dockerfile',
          tags: ['r/app:1'],
          contexts: { src: './src', 'r/base:1': 'target:base' },
          'cache-from': ['type=local,src=/c/app'],
        },
      },
    });
  });
});

describe('writeImagesBake (dry run: strategies that need no builder, no docker run)', () => {
  /** Fails the test if anything asks docker: none of this may run a process. */
  const noDocker: ProcessRunner = {
    run: async (file, args) => {
      throw new Error(`unexpected: ${file} ${args.join(' ')}`);
    },
  };

  it('writes the definition with cache entries merged before the user’s and secret-like arg values left out', async () => {
    const dir = await testdir({});
    const definition = await writeImagesBake(
      {
        bakeFile: 'out/bake.json',
        images: {
          base: {
            build: { context: '.', tags: ['r/base:1'], buildArgs: { NPM_TOKEN: 'npm_s3cr3t' } },
            cache: { strategy: 'none', scope: 'base', push: false },
          },
          app: {
            build: { context: '.', tags: ['r/app:1'], cacheFrom: ['type=registry,ref=r/x'] },
            cache: { strategy: 'inline', scope: 'app', push: false, imageRef: 'r/app:1' },
          },
        },
      },
      { cwd: dir, runner: noDocker, onWarning: () => undefined },
    );
    const written = await readFile(join(dir, 'out/bake.json'), 'utf8');
    expect(JSON.parse(written)).toEqual(definition);
    expect(written).not.toContain('s3cr3t');
    expect(definition.target.base?.args).toEqual({ NPM_TOKEN: '${NX_BUILDX_ARG_BASE_NPM_TOKEN}' });
    expect(definition.target.app).not.toHaveProperty('contexts');
    expect(definition.target.app).toMatchObject({
      'cache-from': ['type=registry,ref=r/app:1', 'type=registry,ref=r/x'],
      'cache-to': ['type=inline'],
    });
  });

  it('refuses images that name different builders, when the bake names none', async () => {
    const dir = await testdir({});
    const image = (builder?: string) => ({
      build: { context: '.', builder },
      cache: { strategy: 'none' as const, scope: 'a', push: false },
    });
    const bake = (run?: { builder: string }) =>
      writeImagesBake(
        { bakeFile: 'bake.json', images: { a: image('ci'), b: image() }, run },
        { cwd: dir, runner: noDocker },
      );
    await expect(bake()).rejects.toThrow(
      /a bake runs on one builder, but its images name "ci", the default/,
    );
    await expect(bake({ builder: 'ci' })).resolves.toBeDefined();
  });

  it('refuses a secret without a value, naming the image, before writing anything', async () => {
    const dir = await testdir({});
    const run = writeImagesBake(
      {
        bakeFile: 'bake.json',
        images: {
          api: {
            build: { context: '.', secrets: [{ id: 't', env: 'NX_BUILDX_TEST_UNSET_SECRET' }] },
            cache: { strategy: 'none', scope: 'a', push: false },
          },
        },
      },
      { cwd: dir, runner: noDocker, env: { NX_BUILDX_TEST_UNSET_SECRET: undefined } },
    );
    await expect(run).rejects.toThrow(/Invalid secrets of api:\n\s+- secrets\.0\.env/);
    await expect(readFile(join(dir, 'bake.json'))).rejects.toThrow(/ENOENT/);
  });
});
