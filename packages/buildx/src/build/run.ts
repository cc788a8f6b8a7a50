import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InterruptedError } from '../errors/errors';
import { errorFromResult } from '../errors/from-output';
import { parseOptions } from '../errors/zod-issues';
import { execaRunner } from '../process/execa-runner';
import { whileInterruptible } from '../process/interrupts';
import type { ProcessRunner } from '../process/runner';
import { buildArgv } from './argv';
import { checkLocalInputs } from './inputs';
import type { ImageMetadata } from './metadata';
import { parseImageMetadata } from './metadata';
import type { BuildOptionsInput } from './options';
import { buildOptionsSchema } from './options';
import type { StepCounts } from './progress';
import { ProgressTracker } from './progress';

/** How a run reaches the world: injected so argv logic stays testable without docker. */
export interface RunContext {
  runner?: ProcessRunner;
  /** Directory the docker CLI runs in; relative paths in options are relative to it. */
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Receives every line of docker's output as it streams (BuildKit progress). */
  onLine?: (line: string) => void;
  /** Receives the exact command before it runs (for `--verbose`). */
  onCommand?: (command: string) => void;
  signal?: AbortSignal;
}

export interface BuildResult {
  metadata: ImageMetadata;
  steps: StepCounts;
  durationMs: number;
  command: string;
}

/**
 * Runs `docker buildx build`: validates options, streams progress, and returns the
 * digest, image names and how many steps ran or came from cache. Throws a typed error
 * (see errors.ts) on failure; a SIGINT/SIGTERM stops the docker child first.
 */
export async function runBuild(
  input: BuildOptionsInput,
  ctx: RunContext = {},
): Promise<BuildResult> {
  const options = parseOptions(buildOptionsSchema, input, 'build options');
  const cwd = ctx.cwd ?? process.cwd();
  await checkLocalInputs(options, cwd);
  const tempDir = options.metadataFile ? undefined : await mkdtemp(join(tmpdir(), 'nx-buildx-'));
  const metadataFile = options.metadataFile ?? join(tempDir as string, 'metadata.json');
  try {
    const { command, args } = buildArgv({ ...options, metadataFile });
    const tracker = new ProgressTracker();
    const runner = ctx.runner ?? execaRunner;
    const { value: result, interruptedBy } = await whileInterruptible((signal) => {
      ctx.onCommand?.(`${command} ${args.join(' ')}`);
      return runner.run(command, args, {
        cwd,
        env: ctx.env,
        signal,
        onLine: (line) => {
          tracker.push(line);
          ctx.onLine?.(line);
        },
      });
    }, ctx.signal);
    if (interruptedBy || result.terminatedBy) {
      throw new InterruptedError(
        'docker buildx build',
        interruptedBy ?? result.terminatedBy ?? 'abort',
      );
    }
    if (result.exitCode !== 0) throw errorFromResult('docker buildx build', result);
    const metadata = parseImageMetadata(
      JSON.parse(await readFile(resolve(cwd, metadataFile), 'utf8').catch(() => '{}')),
    );
    return {
      metadata,
      steps: tracker.counts(),
      durationMs: result.durationMs,
      command: result.command,
    };
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
