import { BuildxError } from './errors';

/** A registry answered a push (or a cache export) with HTTP 5xx: the registry is broken, not the build. */
export class RegistryServerError extends BuildxError {
  readonly code = 'REGISTRY_SERVER_ERROR';
  constructor(
    readonly registry: string,
    readonly status: string,
    readonly what: string,
    readonly dockerLine: string,
  ) {
    super(
      `The registry ${registry} answered ${status} (a server error) while ${what}; the build itself worked and nothing was pushed.\n` +
        `  ${dockerLine}\n` +
        `The registry is failing, not the build: check it (its logs, or docker buildx imagetools inspect ${registry}/<image>), ` +
        'or point the registry option / tags at a working one, then run again.',
    );
  }
}

/** Nothing answered at a registry's address: a wrong registry option, tag or cache ref, or the registry is down. */
export class RegistryUnreachableError extends BuildxError {
  readonly code = 'REGISTRY_UNREACHABLE';
  constructor(
    readonly registry: string,
    readonly reason: string,
    readonly what: string,
    readonly dockerLine: string,
  ) {
    super(
      `The registry at ${registry} could not be reached (${reason}) while ${what}; nothing was pushed.\n` +
        `  ${dockerLine}\n` +
        `Check the registry option and the tags (they name ${registry}): is that the registry's host and port, and is it running? Then run again.`,
    );
  }
}

/** A registry cache export or import failed: the image may be fine, its cache ref is not. */
export class CacheRegistryError extends BuildxError {
  readonly code = 'CACHE_REGISTRY_FAILED';
  constructor(
    readonly direction: 'export' | 'import',
    readonly ref: string,
    readonly reason: string,
    readonly dockerLine: string,
  ) {
    super(
      `The cache ${direction} ${direction === 'export' ? 'to' : 'from'} ${ref} failed: ${reason}.\n` +
        `  ${dockerLine}\n` +
        'Check that registry, or choose where the cache goes: the cacheRegistryRef option (another ref), ' +
        'or cacheStrategy "local"/"inline"/"none" (no registry cache). Then run again.',
    );
  }
}

/**
 * BuildKit lost track of a snapshot it had just made (`parent snapshot … does not exist`),
 * seen under parallel builds and bakes: an engine race, not the Dockerfile. Running again
 * works: a single build that does not push is retried once (buildImage); a push or a bake
 * is not, as its pushes and other targets had begun.
 */
export class EngineTransientError extends BuildxError {
  readonly code = 'ENGINE_TRANSIENT';
  constructor(
    readonly operation: string,
    readonly dockerLine: string,
    readonly retried = false,
  ) {
    super(
      `${operation} hit a transient BuildKit error (not a problem in your Dockerfile):\n` +
        `  ${dockerLine}\n` +
        'BuildKit lost a snapshot it had just made, which happens under parallel builds; run the same command again ' +
        `(${retried ? 'it failed the same way when retried once' : 'it was not retried automatically: it pushes or bakes'}). If it keeps happening, lower parallelism (bake --parallel, nx --parallel).`,
    );
  }
}
