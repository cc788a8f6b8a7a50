/** The signals that mean "stop": Ctrl-C, a kill/timeout, a closed terminal. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let active = 0;
let received: NodeJS.Signals | undefined;

/** How many docker runs are stoppable right now (callers that trap signals defer to them). */
export function interruptibleRuns(): number {
  return active;
}

/**
 * The stop signal this process received during a run, if any. A signal sent to the whole
 * process group reaches the docker child too, which may exit non-zero on its own; the
 * failure is then the interruption, not a build error.
 */
export function receivedStopSignal(): NodeJS.Signals | undefined {
  return received;
}

/**
 * Turns SIGINT/SIGTERM/SIGHUP of this process into an AbortSignal for the duration of
 * `fn`, so a Ctrl-C stops the docker child (and with it the build in BuildKit) before we
 * exit, instead of leaving an orphan `docker buildx` behind.
 */
export async function whileInterruptible<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<{ value: T; interruptedBy?: NodeJS.Signals }> {
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    interruptedBy = sig;
    received = sig;
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  const onOuterAbort = () => controller.abort(outer?.reason);
  STOP_SIGNALS.forEach((s) => process.on(s, onSignal));
  active++;
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort);
  try {
    const value = await fn(controller.signal);
    return { value, interruptedBy };
  } finally {
    active--;
    STOP_SIGNALS.forEach((s) => process.off(s, onSignal));
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
