/**
 * Turns SIGINT/SIGTERM of this process into an AbortSignal for the duration of `fn`, so
 * a Ctrl-C stops the docker child (and with it the build in BuildKit) before we exit,
 * instead of leaving an orphan `docker buildx` behind.
 */
export async function whileInterruptible<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<{ value: T; interruptedBy?: NodeJS.Signals }> {
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    interruptedBy = sig;
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  const onOuterAbort = () => controller.abort(outer?.reason);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  signals.forEach((s) => process.on(s, onSignal));
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort);
  try {
    const value = await fn(controller.signal);
    return { value, interruptedBy };
  } finally {
    signals.forEach((s) => process.off(s, onSignal));
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
