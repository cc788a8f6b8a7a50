import { connect } from 'node:net';
import { EngineNotAnsweringError } from '../errors/engine';
import { EngineUnreachableError } from '../errors/errors';
import type { EngineEndpoint } from './endpoint';
import { resolveEngineEndpoint } from './endpoint';

/** How long the engine gets to answer `GET /_ping`; NX_BUILDX_ENGINE_TIMEOUT_MS overrides it. */
export const ENGINE_PROBE_TIMEOUT_MS = 10_000;

/**
 * Asks the engine `GET /_ping` over its socket before any docker command runs: a socket
 * that accepts and never answers would hang `docker buildx` with no output at all.
 * Costs one local round trip (~1 ms on a unix socket). Only unix and plain tcp endpoints
 * are probed; ssh:// and npipe endpoints are left to the docker CLI.
 */
export async function probeEngine(
  env: Record<string, string | undefined> = process.env,
  timeoutMs = Number(env.NX_BUILDX_ENGINE_TIMEOUT_MS) || ENGINE_PROBE_TIMEOUT_MS,
): Promise<EngineEndpoint> {
  const endpoint = await resolveEngineEndpoint(env);
  const target = socketTarget(endpoint.host);
  if (!target) return endpoint;
  const outcome = await ping(target, timeoutMs);
  if (outcome === 'answered') return endpoint;
  if (outcome === 'timeout') throw new EngineNotAnsweringError(endpoint, timeoutMs);
  throw new EngineUnreachableError(
    `${endpoint.host} (from ${endpoint.source}): ${outcome}`,
    undefined,
  );
}

type Target = { path: string } | { host: string; port: number };

/** The socket behind a docker host URL, or undefined for kinds we do not probe. */
export function socketTarget(host: string): Target | undefined {
  if (host.startsWith('unix://')) return { path: host.slice('unix://'.length) };
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (tcp)
    return { host: (tcp[1] as string).replace(/^\[|\]$/g, ''), port: Number(tcp[2] ?? 2375) };
  return undefined;
}

/** `answered` on any bytes back (TLS endpoints answer a plain request with an error: alive). */
function ping(target: Target, timeoutMs: number): Promise<'answered' | 'timeout' | string> {
  return new Promise((resolve) => {
    const socket = connect(target);
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () =>
      socket.write('GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n'),
    );
    socket.once('data', () => done('answered'));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(
        err.code === 'ENOENT'
          ? 'no such socket'
          : err.code === 'ECONNREFUSED'
            ? 'connection refused'
            : err.message,
      ),
    );
    socket.once('end', () => done('answered'));
  });
}
