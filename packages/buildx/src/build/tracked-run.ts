import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InterruptedError } from '../errors/errors';
import { errorFromResult } from '../errors/from-output';
import { execaRunner } from '../process/execa-runner';
import { receivedStopSignal, whileInterruptible } from '../process/interrupts';
import type { ProcessRunner, RunResult } from '../process/runner';
import { commandWithNote } from '../redact/command';
import { maskValues, secretValuesOf } from '../redact/values';
import type { Argv } from './argv';
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
  /** Receives the command before it runs, redacted and shell-quoted (for `--verbose`). */
  onCommand?: (command: string) => void;
  signal?: AbortSignal;
}

/**
 * Runs a build-like docker command (build, bake): streams its progress to the caller
 * while counting steps, stops the child on SIGINT/SIGTERM, and turns a failure into
 * the typed error for `operation`.
 */
export async function runTracked(
  operation: string,
  { command, args }: Argv,
  ctx: RunContext,
): Promise<{ result: RunResult; steps: StepCounts }> {
  const tracker = new ProgressTracker();
  const runner = ctx.runner ?? execaRunner;
  ctx.onCommand?.(commandWithNote(command, args));
  const secrets = secretValuesOf(args, ctx.env);
  const mask = (text: string) => maskValues(text, secrets);
  // buildx ends a failed build with a summary (`------`, the step's last lines, the
  // Dockerfile excerpt, ERROR): the typed error carries it, so it is held back here
  // instead of being shown twice; it is passed on only if the run succeeds after all.
  let held: string[] | undefined;
  const { value: result, interruptedBy } = await whileInterruptible(
    (signal) =>
      runner.run(command, args, {
        cwd: ctx.cwd,
        env: ctx.env,
        signal,
        onLine: (line) => {
          tracker.push(line);
          if (held || line === '------') (held ??= []).push(mask(line));
          else ctx.onLine?.(mask(line));
        },
      }),
    ctx.signal,
  );
  if (result.exitCode === 0) held?.forEach((line) => ctx.onLine?.(line));
  // A signal to the whole process group also reaches docker, which may exit non-zero
  // by itself: that failure is still the interruption, not a build error.
  const stoppedBy =
    interruptedBy ??
    result.terminatedBy ??
    (result.exitCode !== 0 ? (ctx.signal?.aborted ? 'abort' : receivedStopSignal()) : undefined);
  if (stoppedBy) throw new InterruptedError(operation, stoppedBy);
  if (result.exitCode !== 0)
    throw errorFromResult(operation, {
      ...result,
      stdout: mask(result.stdout),
      stderr: mask(result.stderr),
    });
  return { result, steps: tracker.counts() };
}

/**
 * Gives `fn` a `--metadata-file` path (the caller's, or a temporary one removed after)
 * and returns the JSON buildx wrote there (`{}` when it wrote none).
 */
export async function withMetadataFile<T>(
  given: string | undefined,
  cwd: string,
  fn: (path: string) => Promise<T>,
): Promise<{ value: T; metadata: unknown }> {
  const tempDir = given ? undefined : await mkdtemp(join(tmpdir(), 'nx-buildx-'));
  const path = given ?? join(tempDir as string, 'metadata.json');
  try {
    const value = await fn(path);
    const metadata = JSON.parse(await readFile(resolve(cwd, path), 'utf8').catch(() => '{}'));
    return { value, metadata };
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
