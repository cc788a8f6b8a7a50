import { descendantsOf, killStamped } from './descendants';
import type { ProcessRunner, RunOptions, RunResult } from './runner';
import { formatCommand } from './runner';

/**
 * The real {@link ProcessRunner}, on execa 9. execa is ESM-only; this package compiles
 * to CommonJS and Node >= 20.19 `require()`s ESM, so a static import works in the build,
 * in jest (which compiles execa to CJS, see jest.preset.js) and when Nx loads the plugin.
 * Why: docs/decisions/0001-module-format.md.
 */
import { execa } from 'execa';

/** Time a child gets to exit after SIGTERM before it is killed. */
const KILL_GRACE_MS = 5_000;

export const execaRunner: ProcessRunner = {
  async run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const child = execa(file, [...args], {
      cwd: options.cwd,
      env: options.env,
      extendEnv: true,
      input: options.input,
      ...(options.interactive
        ? { stdio: 'inherit' as const }
        : { stdin: options.input === undefined ? ('ignore' as const) : undefined }),
      reject: false,
      stripFinalNewline: true,
      cancelSignal: options.signal,
      forceKillAfterDelay: KILL_GRACE_MS,
      // If this process exits anyway (an uncaught error), execa kills the child too.
      cleanup: true,
    });
    // After an abort, whatever the child started and left running when the grace ends
    // is killed too (see descendantsOf), so no docker process outlives the run.
    let leftovers: ReturnType<typeof setTimeout> | undefined;
    options.signal?.addEventListener(
      'abort',
      () => {
        const tree = child.pid ? descendantsOf(child.pid) : [];
        leftovers = setTimeout(() => killStamped(tree), KILL_GRACE_MS);
        leftovers.unref();
      },
      { once: true },
    );
    if (options.onLine) {
      const onLine = options.onLine;
      streamLines(child.stdout, (line) => onLine(line, 'stdout'));
      streamLines(child.stderr, (line) => onLine(line, 'stderr'));
    }
    const result = await child;
    clearTimeout(leftovers);
    if (result.failed && result.exitCode === undefined && !result.isCanceled && !result.signal) {
      // The process never started (missing binary, bad cwd).
      throw result.cause instanceof Error ? result.cause : new Error(result.message);
    }
    return {
      command: formatCommand(file, args),
      exitCode: result.exitCode ?? (result.signal ? 128 + signalNumber(result.signal) : 1),
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      durationMs: Math.round(performance.now() - started),
      terminatedBy: result.signal ?? undefined,
    };
  },
};

function streamLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.on('data', (chunk: Buffer | string) => {
    pending += chunk.toString();
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

function signalNumber(name: string): number {
  return ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[name] ?? 0;
}
