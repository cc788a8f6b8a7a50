import type { RunResult } from '../process/runner';
import type { BuildxError } from './errors';
import { BuildFailedError, BuildxMissingError, EngineUnreachableError, lastLines } from './errors';

/**
 * Turns a failed docker command into the domain error users can act on: an engine that
 * is down and a missing buildx plugin look like ordinary build failures otherwise.
 */
export function errorFromResult(operation: string, result: RunResult): BuildxError {
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
  return new BuildFailedError(
    operation,
    result.exitCode,
    lastLines(result.stderr || text),
    result.command,
  );
}

function firstMatchingLine(text: string, re: RegExp): string {
  return (
    text
      .split('\n')
      .find((l) => re.test(l))
      ?.trim() ?? text.trim()
  );
}
