import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contextMetaPath, dockerConfigDir } from './docker-config';

/** Where the docker CLI will connect, and what chose it (for messages). */
export interface EngineEndpoint {
  /** e.g. `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`, `ssh://host`. */
  host: string;
  /** `DOCKER_HOST`, `DOCKER_CONTEXT "name"`, `docker context "name"` or `the default socket`. */
  source: string;
}

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/**
 * The engine endpoint the docker CLI picks, in its own order (cli/command/cli.go
 * `resolveContextName`): DOCKER_HOST, then DOCKER_CONTEXT, then the config's
 * `currentContext`, then the default socket. Contexts live in
 * `$DOCKER_CONFIG/contexts/meta/<sha256 of the name>/meta.json`.
 */
export async function resolveEngineEndpoint(
  env: Record<string, string | undefined> = process.env,
): Promise<EngineEndpoint> {
  if (env.DOCKER_HOST) return { host: env.DOCKER_HOST, source: 'DOCKER_HOST' };
  const configDir = dockerConfigDir(env);
  const fromEnv = env.DOCKER_CONTEXT;
  const name = fromEnv || (await readJson(join(configDir, 'config.json')))?.currentContext;
  if (typeof name === 'string' && name && name !== 'default') {
    const meta = await readJson(contextMetaPath(configDir, name));
    const host = (meta?.Endpoints as Record<string, { Host?: string }> | undefined)?.docker?.Host;
    const source = fromEnv ? `DOCKER_CONTEXT "${name}"` : `docker context "${name}"`;
    // A context the CLI cannot read fails in the CLI with its own message; probe nothing.
    if (host) return { host, source };
    return { host: '', source };
  }
  return { host: DEFAULT_DOCKER_HOST, source: 'the default socket' };
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
