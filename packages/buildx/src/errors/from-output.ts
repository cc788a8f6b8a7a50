import type { RunResult } from '../process/runner';
import type { BuildxError } from './errors';
import { BuildFailedError, BuildxMissingError, EngineUnreachableError, lastLines } from './errors';
import { registryErrorFromOutput } from './registry-output';

/**
 * Turns a failed docker command into the domain error users can act on: an engine that
 * is down and a missing buildx plugin look like ordinary build failures otherwise.
 */
export function errorFromResult(
  operation: string,
  result: RunResult,
  /** The command's arguments: which registry cache refs it exported to. */
  args: readonly string[] = [],
): BuildxError {
  const text = `${result.stderr}\n${result.stdout}`;
  if (
    /Cannot connect to the Docker daemon|error during connect|docker daemon is not running|dial unix .*docker\.sock/i.test(
      text,
    )
  ) {
    return new EngineUnreachableError(
      firstMatchingLine(text, /Cannot connect|error during connect|dial unix/i),
    );
  }
  if (
    /docker: '?buildx'? is not a docker command|unknown command "buildx"|unknown flag: --builder/i.test(
      text,
    ) &&
    /buildx/.test(result.command)
  ) {
    return new BuildxMissingError(firstMatchingLine(text, /buildx/i));
  }
  const registry = registryErrorFromOutput(operation, text, args);
  if (registry) return registry;
  const failure = failedStep(result.stderr || text);
  return new BuildFailedError(
    operation,
    result.exitCode,
    failure?.lines ?? lastLines(withoutProgress(result.stderr || text), 15),
    result.command,
    failure?.step,
  );
}

/** How many of the failing step's own lines an error repeats (the progress shows all). */
const STEP_LINES = 10;

/**
 * The failing step from BuildKit's plain progress: buildx ends a failed build with a
 * block `------\n > [3/4] RUN make:\n<last lines>\n------`, the Dockerfile location and
 * `ERROR: failed to solve: … exit code: N`. The progress itself already streamed to the
 * user, so the error names the step and repeats only its last lines and the ERROR line.
 */
export function failedStep(output: string): { step: string; lines: string[] } | undefined {
  const lines = output.split(/\r?\n/);
  for (let i = lines.length - 2; i >= 0; i--) {
    const head = /^ > (.+):$/.exec(lines[i + 1] ?? '');
    if (lines[i] !== '------' || !head) continue;
    const end = lines.indexOf('------', i + 2);
    const own = lines.slice(i + 2, end === -1 ? undefined : end).filter((l) => l.trim());
    const after = end === -1 ? [] : lines.slice(end + 1);
    const location = after.find((l) => /^\S+:\d+$/.test(l.trim()));
    const error = after.filter((l) => /^ERROR[: ]/.test(l));
    return {
      step: head[1] as string,
      lines: [
        ...own.slice(-STEP_LINES).map((l) => l.replace(/^\d+\.\d+ /, '')),
        ...(location ? [`(${location.trim()})`] : []),
        ...error,
      ],
    };
  }
  return undefined;
}

/** Output without BuildKit's `#N …` progress lines, which already streamed. */
function withoutProgress(text: string): string {
  const kept = text.split(/\r?\n/).filter((l) => !/^#\d+ /.test(l));
  return kept.some((l) => l.trim()) ? kept.join('\n') : text;
}

function firstMatchingLine(text: string, re: RegExp): string {
  return (
    text
      .split('\n')
      .find((l) => re.test(l))
      ?.trim() ?? text.trim()
  );
}
