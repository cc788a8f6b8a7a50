import type { ProcessRunner } from './runner';

/**
 * How every call of the driver that runs docker reaches the world and talks to people:
 * build, bake, publish, prune, a container run. One shape, so a caller builds it once and
 * hands it to any of them; each call reads what it needs (a push has no progress to
 * stream, a container run nothing to stall on), and a few add their own fields.
 */
export interface RunContext {
  /** The process runner; default execa. Injected so argv logic stays testable without docker. */
  runner?: ProcessRunner;
  /** Directory the docker CLI runs in; relative paths in options are relative to it. */
  cwd?: string;
  /** Extra environment of the docker CLI (DOCKER_HOST, DOCKER_CONFIG…). */
  env?: Record<string, string | undefined>;
  /** Receives every line of docker's output as it streams (BuildKit progress). */
  onLine?: (line: string) => void;
  /** Receives the command before it runs, redacted and shell-quoted (for `--verbose`). */
  onCommand?: (command: string) => void;
  /** A warning for people (secret-like build arg, degraded strategy); default: onLine(`warning: …`). */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  /**
   * Stop the run when it has printed nothing for this long (the stallTimeout option).
   * Silence is reported either way, after 30 s and then every minute.
   */
  stallLimitMs?: number;
}
