import { parseDuration } from '../prune/units';

/**
 * Watches a build-like run for silence. A registry that stops reading mid-push, an engine
 * socket that stalls or a RUN step waiting on a network it cannot reach all look the
 * same from here: no output. After `noticeAfterMs` without a line the user is told what
 * the run waits on, then again every `repeatEveryMs`; after `limitMs` (when set) the run
 * is given up.
 */
export interface StallWatchOptions {
  noticeAfterMs: number;
  repeatEveryMs: number;
  /** No limit when unset: a silent step may simply be slow. */
  limitMs?: number;
  /** What the run waits on now, in words (the open steps, or the engine). */
  waitingOn: () => string;
  onNotice: (text: string) => void;
  onLimit: (waitingOn: string, idleMs: number) => void;
  now?: () => number;
  /** How often silence is checked; tests pass a small one. */
  tickMs?: number;
}

export interface StallWatch {
  /** Output arrived: the run is making progress. */
  progress(): void;
  stop(): void;
}

export function watchForStalls(o: StallWatchOptions): StallWatch {
  const now = o.now ?? Date.now;
  let last = now();
  let nextNotice = o.noticeAfterMs;
  let stopped = false;
  const check = () => {
    const idle = now() - last;
    if (o.limitMs !== undefined && idle >= o.limitMs) {
      stop();
      o.onLimit(o.waitingOn(), idle);
      return;
    }
    if (idle >= nextNotice) {
      o.onNotice(`no progress for ${seconds(idle)}; waiting on ${o.waitingOn()}`);
      nextNotice += o.repeatEveryMs;
    }
  };
  const timer = setInterval(check, o.tickMs ?? 1000);
  timer.unref();
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
  };
  return {
    progress() {
      last = now();
      nextNotice = o.noticeAfterMs;
    },
    stop,
  };
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/** How long a run may be silent before the user hears why (NX_BUILDX_STALL_NOTICE overrides). */
export const STALL_NOTICE_MS = 30_000;
export const STALL_REPEAT_MS = 60_000;

/** The stallTimeout option (`10m`, `90s`) in milliseconds; undefined when unset. */
export function stallLimitMs(stallTimeout: string | undefined): number | undefined {
  if (stallTimeout === undefined) return undefined;
  return parseDuration(stallTimeout, 'stallTimeout') * 1000;
}
