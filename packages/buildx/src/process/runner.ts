import { describeCommand } from '../redact/command';

/**
 * The one port through which @nx-buildx/buildx starts processes. Everything else builds
 * argv arrays and parses output; tests of that logic pass a fake runner, while
 * integration tests use {@link execaRunner} against the real engine.
 */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Text written to the child's stdin. */
  input?: string;
  /** Receives every output line (stdout and stderr) as it arrives, e.g. BuildKit progress. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Aborting stops the child (SIGTERM, then SIGKILL after a grace period). */
  signal?: AbortSignal;
  /**
   * The child shares this process's stdin, stdout and stderr (a container run attached to
   * the terminal, an interactive shell); its output is then not captured.
   */
  interactive?: boolean;
}

export interface RunResult {
  /** The command line, redacted and quoted for display (never executed through a shell). */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Set when the child was stopped by a signal (e.g. after an abort). */
  terminatedBy?: string;
}

/**
 * Runs a command with an argv array. Resolves with the exit code instead of throwing
 * on failure: the call site knows which domain error a failure means. Rejects only
 * when the command could not start at all (e.g. ENOENT).
 */
export interface ProcessRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/**
 * An argv for display in messages and `--verbose` output: credentials redacted, words
 * shell-quoted (see {@link describeCommand}, the one place that decides both).
 */
export function formatCommand(file: string, args: readonly string[]): string {
  return describeCommand(file, args).text;
}
