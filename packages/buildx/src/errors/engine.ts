import type { EngineEndpoint } from '../engine/endpoint';
import { BuildxError } from './errors';

/** The engine's socket accepted the connection but did not answer in time. */
export class EngineNotAnsweringError extends BuildxError {
  readonly code = 'ENGINE_NOT_ANSWERING';
  constructor(
    readonly endpoint: EngineEndpoint,
    readonly timeoutMs: number,
  ) {
    super(
      `The Docker Engine at ${endpoint.host} (from ${endpoint.source}) accepted the connection but did not answer within ${timeoutMs / 1000}s.\n` +
        `Check that ${endpoint.host} is a Docker Engine and that it is not stuck (docker info must answer); ` +
        `otherwise point DOCKER_HOST or DOCKER_CONTEXT at a running engine (or unset them), then run again. ` +
        'A slow engine can be given longer with NX_BUILDX_ENGINE_TIMEOUT_MS.',
    );
  }
}
