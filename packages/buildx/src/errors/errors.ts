/**
 * One error class per failure a user must tell apart. Every message says what failed
 * and ends with what to do next; `code` lets callers branch without string matching.
 */
export abstract class BuildxError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class EngineUnreachableError extends BuildxError {
  readonly code = 'ENGINE_UNREACHABLE';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `The Docker Engine is not reachable: ${detail}\n` +
        'Start Docker (Docker Desktop, or the docker service: sudo systemctl start docker / dockerd) and check it with `docker info`; ' +
        'if the engine runs elsewhere, point DOCKER_HOST or DOCKER_CONTEXT at it (docker context ls lists them). Then run again.',
      options,
    );
  }
}

export class BuildxMissingError extends BuildxError {
  readonly code = 'BUILDX_MISSING';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `docker buildx is not available: ${detail}\n` +
        'Install the buildx plugin (Debian: apt-get install docker-buildx; or https://docs.docker.com/build/install-buildx/) and try again.',
      options,
    );
  }
}

export class BuilderCapabilityError extends BuildxError {
  readonly code = 'BUILDER_CAPABILITY_MISSING';
  constructor(
    readonly builder: string,
    readonly capability: string,
    readonly neededBy: string,
  ) {
    super(
      `Builder "${builder}" cannot ${capability}, which ${neededBy} needs.\n` +
        `Either use a builder that can (docker buildx create --use --driver docker-container, or turn on the containerd image store for the docker driver), ` +
        `or choose another cache strategy (cacheStrategy: "inline" or "none").`,
    );
  }
}

/** One problem with one option, in words. */
export interface OptionProblem {
  /** Dotted path of the option, e.g. `tags.0` or `cacheStrategy`. */
  path: string;
  message: string;
}

export class InvalidOptionError extends BuildxError {
  readonly code = 'INVALID_OPTION';
  constructor(
    readonly problems: readonly OptionProblem[],
    subject = 'options',
  ) {
    super(
      `Invalid ${subject}:\n` +
        problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n') +
        '\nFix the option(s) above and run again.',
    );
  }
}

export class BuildFailedError extends BuildxError {
  readonly code = 'BUILD_FAILED';
  constructor(
    readonly operation: string,
    readonly exitCode: number,
    readonly lastLines: readonly string[],
    readonly command: string,
    /** The Dockerfile step that failed (e.g. `[3/4] RUN make`), when docker named one. */
    readonly step?: string,
  ) {
    super(
      `${operation} failed with exit code ${exitCode}` +
        (step ? ` at step ${step}. Its last lines:\n` : '. Last lines of output:\n') +
        lastLines.map((l) => `  ${l}`).join('\n') +
        `\nCommand: ${command}\n` +
        (step
          ? 'Fix that step (its full output is in the progress above) and run again.'
          : 'Fix the error above and run again (--verbose shows the exact command).'),
    );
  }
}

export class CacheLockedError extends BuildxError {
  readonly code = 'CACHE_LOCKED';
  constructor(
    readonly cacheDir: string,
    waitedMs: number,
    holder = 'another build',
  ) {
    super(
      `The local cache ${cacheDir} is in use by ${holder} (waited ${Math.round(waitedMs / 1000)}s).\n` +
        'Wait for that build to finish, or give this build its own cache directory. If no build is running, delete ' +
        `${cacheDir}.lock.`,
    );
  }
}

/** The last `n` non-empty lines of some output, for error messages. */
export function lastLines(text: string, n = 30): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(-n);
}

export class InterruptedError extends BuildxError {
  readonly code = 'INTERRUPTED';
  constructor(
    readonly operation: string,
    readonly by: string,
  ) {
    super(
      `${operation} was interrupted (${by}); the docker process was stopped; the image and its report are unchanged.\nRun it again when ready.`,
    );
  }
}

/** A run made no progress for longer than its stall limit and was stopped. */
export class StalledError extends BuildxError {
  readonly code = 'STALLED';
  constructor(
    readonly operation: string,
    readonly waitingOn: string,
    readonly idleMs: number,
  ) {
    super(
      `${operation} made no progress for ${Math.round(idleMs / 1000)} s (the stallTimeout option) while waiting on ${waitingOn}, and was stopped; ` +
        'the image and its report are unchanged.\n' +
        (/push|export|registry|resolv|metadata/i.test(waitingOn)
          ? 'A registry it talks to may have stopped answering: check it (docker buildx imagetools inspect <image>) and the registry option, then run again.'
          : /engine/.test(waitingOn)
            ? 'Check the engine answers (docker info) and DOCKER_HOST/DOCKER_CONTEXT, then run again.'
            : 'A step that waits on the network may have no route (see the network option); if the step is only slow and silent, raise stallTimeout.'),
    );
  }
}

/** A file the plugin writes (a report, a cache) could not be written: which, and why. */
export class WriteFailedError extends BuildxError {
  readonly code = 'WRITE_FAILED';
  constructor(
    readonly path: string,
    readonly what: string,
    readonly option: string | undefined,
    cause: NodeJS.ErrnoException,
  ) {
    const via = option ? ` (the ${option} option)` : '';
    const fix =
      cause.code === 'ENOSPC'
        ? `The disk holding it is full: free space there${option ? `, or point ${option} at another disk` : ''}, then run again.`
        : cause.code === 'EACCES' || cause.code === 'EPERM' || cause.code === 'EROFS'
          ? `This process may not write there: check the folder's permissions${option ? `, or point ${option} elsewhere` : ''}, then run again.`
          : 'Check the path and the disk, then run again.';
    super(
      `Could not write ${what} ${path}${via}: ${cause.code ?? 'error'}: ${cause.message.replace(/^\w+: /, '')}.\n${fix}`,
      { cause },
    );
  }
}
