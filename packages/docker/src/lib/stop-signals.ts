import { closeSync, openSync, writeSync } from 'node:fs';
import { constants } from 'node:os';
import { interruptibleRuns, STOP_SIGNALS } from '@nx-buildx/buildx';
import { logger } from './nx-shim';

/** The one "interrupted" message: who was stopped, by what, and what is left as it was. */
export function interruptedLine(who: string, sig: string, unchanged: string): string {
  return `${who} was interrupted (${sig}); the docker process is stopped; ${unchanged} unchanged.\nRun it again when ready. [INTERRUPTED]`;
}

export interface StopTrap {
  /** The first stop signal received, if any. */
  readonly stoppedBy: NodeJS.Signals | undefined;
  /** From now on a signal is only noted: the caller ends and reports by itself. */
  deferExit(): void;
  release(): void;
}

/**
 * Until released: the first stop signal is said at once (`line(sig)`); a running docker
 * command stops itself (whileInterruptible), and between commands there is nothing to
 * stop, so the process exits then (128+n) instead of starting the next one.
 */
export function trapStopSignals(line: (sig: NodeJS.Signals) => string): StopTrap {
  let stoppedBy: NodeJS.Signals | undefined;
  let exitDeferred = false;
  let released = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (released) return;
    if (!stoppedBy) sayNow(line(sig));
    stoppedBy ??= sig;
    if (exitDeferred || interruptibleRuns() > 0) return;
    process.exit(128 + constants.signals[sig]);
  };
  STOP_SIGNALS.forEach((s) => process.on(s, onSignal));
  return {
    get stoppedBy() {
      return stoppedBy;
    },
    deferExit: () => void (exitDeferred = true),
    release: () => {
      released = true;
      STOP_SIGNALS.forEach((s) => process.off(s, onSignal));
    },
  };
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
