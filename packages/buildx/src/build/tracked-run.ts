import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InterruptedError, StalledError } from '../errors/errors';
import { parseDuration } from '../prune/units';
import { errorFromResult } from '../errors/from-output';
import { execaRunner } from '../process/execa-runner';
import { receivedStopSignal, whileInterruptible } from '../process/interrupts';
import type { RunResult } from '../process/runner';
import { commandWithNote } from '../redact/command';
import { maskSecretLooking } from '../redact/secret-text';
import { maskValues, secretValuesOf } from '../redact/values';
import type { Argv } from './argv';
import type { StepCounts } from './progress';
import type { RunContext } from '../process/run-context';
import { collapseRetries } from './retry-lines';
import { PlainRenderer, SolveStatusReader } from './solve-status';
import { STALL_NOTICE_MS, STALL_REPEAT_MS, watchForStalls } from './stall-watch';

/** What the user asked to see; docker itself always reports `rawjson` to the plugin. */
type ProgressMode = 'auto' | 'plain' | 'tty' | 'quiet' | 'rawjson';

/**
 * Runs a build-like docker command (build, bake): streams its progress to the caller
 * while counting steps, stops the child on SIGINT/SIGTERM, and turns a failure into
 * the typed error for `operation`.
 *
 * Docker is always asked for `--progress rawjson`, BuildKit's structured solve status:
 * step counts then hold in every progress mode the user picks (plain output gives
 * none for `tty`/`quiet`, and `tty` cannot draw without a console). What the user sees
 * is rendered from it: plain lines for `plain`/`auto`/`tty`, the JSON for `rawjson`,
 * nothing for `quiet`.
 */
export async function runTracked(
  operation: string,
  argv: Argv,
  ctx: RunContext,
): Promise<{ result: RunResult; steps: StepCounts; contextBytes?: number }> {
  const { command, args, mode } = withRawJsonProgress(argv);
  const runner = ctx.runner ?? execaRunner;
  ctx.onCommand?.(commandWithNote(command, args));
  const secrets = secretValuesOf(args, ctx.env);
  // The values this run was given, and anything shaped like a credential: BuildKit quotes
  // Dockerfile lines in its errors, and a file passed as the Dockerfile may be an .npmrc.
  const mask = (text: string) => maskSecretLooking(maskValues(text, secrets));
  const show = (line: string) => ctx.onLine?.(mask(line));
  const retries = collapseRetries(show);
  const renderer = new PlainRenderer(
    mode === 'quiet' || mode === 'rawjson' ? () => {} : (line) => retries.line(line),
  );
  // buildx ends a failed build with text after the JSON (the Dockerfile excerpt, ERROR):
  // the typed error carries it, so it is held back instead of being shown twice; it is
  // passed on only if the run succeeds after all.
  const text: string[] = [];
  const reader = new SolveStatusReader({
    onStatus: (status) => renderer.render(status),
    onText: (line) => text.push(line),
  });
  let stalled: StalledError | undefined;
  const giveUp = new AbortController();
  const watch = watchForStalls({
    ...stallNotice(ctx.env),
    limitMs: ctx.stallLimitMs,
    waitingOn: () => reader.openWork().join('; ') || engineNotAnswering(ctx.env),
    onNotice: (text) => show(`[nx-buildx] ${text}`),
    onLimit: (waitingOn, idleMs) => {
      stalled = new StalledError(operation, waitingOn, idleMs);
      giveUp.abort(stalled);
    },
  });
  const { value: result, interruptedBy } = await whileInterruptible(
    (signal) =>
      runner.run(command, args, {
        cwd: ctx.cwd,
        env: ctx.env,
        signal: AbortSignal.any([signal, giveUp.signal]),
        onLine: (line) => {
          watch.progress();
          reader.push(line);
          if (mode === 'rawjson') show(line);
        },
      }),
    ctx.signal,
  ).finally(() => watch.stop());
  const held = retries.summary();
  if (held) show(held);
  if (stalled) throw stalled;
  if (result.exitCode === 0 && mode !== 'quiet' && mode !== 'rawjson')
    text.filter((l) => l.trim()).forEach(show);
  // A signal to the whole process group also reaches docker, which may exit non-zero
  // by itself: that failure is still the interruption, not a build error.
  const stoppedBy =
    interruptedBy ??
    result.terminatedBy ??
    (result.exitCode !== 0 ? (ctx.signal?.aborted ? 'abort' : receivedStopSignal()) : undefined);
  if (stoppedBy) throw new InterruptedError(operation, stoppedBy);
  if (result.exitCode !== 0) {
    const failure = reader.failure(renderer.logs);
    // A Ctrl-C that reached docker and not this process (a pty of its own, as under Nx's
    // terminal UI): buildx ends "context canceled" with no step failed. An interruption.
    if (!failure && /\bcontext canceled\b/.test([...text, result.stderr].join('\n')))
      throw new InterruptedError(operation, 'docker was cancelled: context canceled');
    // The failing step in the words of plain progress, which errorFromResult reads.
    const summary = failure
      ? ['------', ` > ${failure.step}:`, ...failure.lines, '------', ...text]
      : text;
    throw errorFromResult(
      operation,
      {
        ...result,
        stdout: mask(result.stdout),
        stderr: mask(summary.join('\n') || result.stderr),
      },
      args,
    );
  }
  return { result, steps: reader.counts(), contextBytes: reader.contextBytes };
}

/** When silence is first reported and how often after: NX_BUILDX_STALL_NOTICE (`30s`) sets both. */
function stallNotice(env: RunContext['env']) {
  const given = env?.NX_BUILDX_STALL_NOTICE ?? process.env.NX_BUILDX_STALL_NOTICE;
  if (!given) return { noticeAfterMs: STALL_NOTICE_MS, repeatEveryMs: STALL_REPEAT_MS };
  const ms = parseDuration(given, 'NX_BUILDX_STALL_NOTICE') * 1000;
  return { noticeAfterMs: ms, repeatEveryMs: ms };
}

function engineNotAnswering(env: RunContext['env']): string {
  const host = env && 'DOCKER_HOST' in env ? env.DOCKER_HOST : process.env.DOCKER_HOST;
  return `the engine to answer (${host ? `DOCKER_HOST=${host}` : 'its default socket or context'}); BuildKit has reported nothing yet`;
}

/** `argv` asking docker for rawjson progress, and the mode the user asked for. */
export function withRawJsonProgress({ command, args }: Argv): Argv & { mode: ProgressMode } {
  const at = args.indexOf('--progress');
  const mode = (at >= 0 ? args[at + 1] : 'auto') as ProgressMode;
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : [...args];
  // Before the context (build) or the targets (bake): after `build`/`bake` itself.
  return { command, args: [...rest.slice(0, 2), '--progress', 'rawjson', ...rest.slice(2)], mode };
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
