import type { ExecutorContext } from '@nx/devkit';
import { closeSync, openSync, writeSync } from 'node:fs';
import { logger } from './nx-shim';
import { BuildxError, InterruptedError, interruptibleRuns, STOP_SIGNALS } from '@nx-buildx/buildx';

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

const SIGNAL_NUMBER: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

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
  let stoppedBy: NodeJS.Signals | undefined;
  let bodyEnded = false;
  let finished = false;
  const interrupted = (sig: string) =>
    `${name} for ${project} was interrupted (${sig}); the docker process is stopped; the image and its report are unchanged.\nRun it again when ready. [INTERRUPTED]`;
  // Said once, when the first signal comes. A running docker command stops itself
  // (whileInterruptible); between commands there is nothing to stop, so exit now instead
  // of starting the next one.
  const onSignal = (sig: NodeJS.Signals) => {
    if (finished) return;
    if (!stoppedBy) sayNow(interrupted(sig));
    stoppedBy ??= sig;
    if (bodyEnded || interruptibleRuns() > 0) return;
    process.exit(128 + (SIGNAL_NUMBER[sig] ?? 0));
  };
  STOP_SIGNALS.forEach((s) => process.on(s, onSignal));
  try {
    await body(io);
    // the signal came as docker finished: the "interrupted" line must not stand
    if (stoppedBy)
      logger.info(`${name} for ${project} finished before the interruption took effect.`);
    return { success: true };
  } catch (err) {
    bodyEnded = true;
    // docker, signalled with the whole process group, may exit before this process has
    // handled the same signal: give a pending signal a moment before calling it a failure.
    if (!stoppedBy && !(err instanceof InterruptedError))
      await new Promise((r) => setTimeout(r, 50));
    if (stoppedBy) return { success: false }; // said when the signal came
    // only docker was signalled (Nx's terminal UI gives the task a terminal of its own)
    if (err instanceof InterruptedError) logger.error(interrupted(err.by));
    else logger.error(failureMessage(name, project, err, verbose));
    return { success: false };
  } finally {
    finished = true;
    STOP_SIGNALS.forEach((s) => process.off(s, onSignal));
  }
}

/**
 * Writes a line at once, synchronously, to the terminal the user typed Ctrl-C in. On
 * SIGINT, Nx without its terminal UI (23 and 24) silences its own output and exits within
 * milliseconds, without waiting for the task, so what a task prints then through Nx is
 * lost. The controlling terminal is the user's (a task Nx pipes) or the one Nx forwards
 * as it is written (a task in Nx's pseudo-terminal); with none (CI), stderr.
 */
function sayNow(line: string): void {
  try {
    const tty = openSync('/dev/tty', 'w');
    try {
      writeSync(tty, `${line}\n`);
    } finally {
      closeSync(tty);
    }
    return;
  } catch {
    // no controlling terminal
  }
  try {
    writeSync(2, `${line}\n`);
  } catch {
    logger.error(line); // a full non-blocking pipe (EAGAIN): the logger queues it
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
