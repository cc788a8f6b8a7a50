import type { ExecutorContext } from '@nx/devkit';
import { logger } from './nx-shim';
import { BuildxError, InterruptedError } from '@nx-buildx/buildx';
import { interruptedLine, trapStopSignals } from './stop-signals';

/** How an executor talks to people: progress streams through, one summary at the end. */
export interface ExecutorIo {
  /** A line of BuildKit progress, passed through as it arrives. */
  progress(line: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** The docker command, redacted and shell-quoted; shown only with --verbose. */
  command(command: string): void;
  verbose: boolean;
}

/**
 * Runs an executor body and turns every failure into one clear message and
 * `{ success: false }`: typed buildx errors already say what to do next; anything
 * else is a bug and keeps its stack under --verbose. A typed error's code is named in
 * the message. A stop signal is reported as an
 * interruption whatever failure it caused (e.g. docker exiting non-zero on the signal).
 */
export async function runExecutor(
  name: string,
  context: ExecutorContext,
  body: (io: ExecutorIo) => Promise<void>,
): Promise<{ success: boolean }> {
  const verbose = context.isVerbose || process.env.NX_VERBOSE_LOGGING === 'true';
  const io: ExecutorIo = {
    progress: (line) => process.stdout.write(`${line}\n`),
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(`warning: ${message}`),
    command: (command) => verbose && logger.info(`$ ${command}`),
    verbose,
  };
  const project = context.projectName ?? 'the project';
  const interrupted = (sig: string) =>
    interruptedLine(`${name} for ${project}`, sig, 'the image and its report are');
  const trap = trapStopSignals(interrupted);
  try {
    await body(io);
    // the signal came as docker finished: the "interrupted" line must not stand
    if (trap.stoppedBy)
      logger.info(`${name} for ${project} finished before the interruption took effect.`);
    return { success: true };
  } catch (err) {
    trap.deferExit();
    // docker, signalled with the whole process group, may exit before this process has
    // handled the same signal: give a pending signal a moment before calling it a failure.
    if (!trap.stoppedBy && !(err instanceof InterruptedError))
      await new Promise((r) => setTimeout(r, 50));
    if (trap.stoppedBy) return { success: false }; // said when the signal came
    // only docker was signalled (Nx's terminal UI gives the task a terminal of its own)
    if (err instanceof InterruptedError) logger.error(interrupted(err.by));
    else logger.error(failureMessage(name, project, err, verbose));
    return { success: false };
  } finally {
    trap.release();
  }
}

/**
 * The one failure message of every path (an executor, each task of a batch): what failed
 * for whom, with the code docs/troubleshooting.md is indexed by (one entry per code), and
 * for a bug, not a refusal, its stack under --verbose.
 */
export function failureMessage(
  name: string,
  subject: string,
  err: unknown,
  verbose: boolean,
): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof BuildxError ? ` [${err.code}]` : '';
  const stack =
    verbose && !(err instanceof BuildxError) && err instanceof Error && err.stack
      ? `\n${err.stack}`
      : '';
  return `${name} failed for ${subject}${code}:\n${message}${stack}`;
}
