import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';
import { dockerConfigDir } from '../engine/docker-config';
import { DEFAULT_DOCKER_HOST } from '../engine/endpoint';
import type { BuilderInfo } from './inspect';
import { inspectBuilder } from './query';

type Env = Record<string, string | undefined>;

/** Per-user state of the plugin, outside every workspace (so never in a build context). */
export function userStateRoot(env: Env = process.env): string {
  if (env.NX_BUILDX_CACHE_DIR) return env.NX_BUILDX_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'nx-buildx');
}

/**
 * What identifies the engine and builder an inspection was made against, or undefined
 * when that cannot be told without asking docker (a TCP endpoint, another context):
 * then nothing is cached. A restarted dockerd recreates its socket (new inode and
 * ctime), which is also the only way its image store can change; `docker buildx use`
 * and `create` change buildx's `current` file and instances folder.
 */
export async function engineIdentity(
  builder: string | undefined,
  env: Env = process.env,
): Promise<string | undefined> {
  if (env.DOCKER_CONTEXT) return undefined;
  const dockerConfig = dockerConfigDir(env);
  const config = await readFile(join(dockerConfig, 'config.json'), 'utf8').catch(() => '{}');
  const context = ((safeJson(config) ?? {}) as { currentContext?: string }).currentContext;
  if (context && context !== 'default') return undefined;
  const host = env.DOCKER_HOST || DEFAULT_DOCKER_HOST;
  if (!host.startsWith('unix://')) return undefined;
  const socket = await stat(host.slice('unix://'.length)).catch(() => undefined);
  if (!socket) return undefined;
  const buildx = join(dockerConfig, 'buildx');
  // `current` is rewritten by every buildx command: its content, not its time, says
  // which builder is selected.
  const current = await readFile(join(buildx, 'current'), 'utf8').catch(() => '');
  const instances = (await stat(join(buildx, 'instances')).catch(() => undefined))?.mtimeMs ?? 0;
  return JSON.stringify([host, socket.ino, socket.ctimeMs, builder ?? '', current, instances]);
}

const KEEP = 16;

/**
 * {@link inspectBuilder}, remembered per engine and builder in the user's state folder:
 * the two docker processes it costs (~0.15 s) run once per engine instead of on every
 * build. A changed engine or builder selection has another identity, so it is inspected.
 */
export async function inspectBuilderCached(
  name?: string,
  runner: ProcessRunner = execaRunner,
  o: { env?: Env; file?: string } = {},
): Promise<BuilderInfo> {
  const env = o.env ?? process.env;
  const id = await engineIdentity(name, env);
  if (id === undefined) return inspectBuilder(name, runner, o.env);
  const file = o.file ?? join(userStateRoot(env), 'builders.json');
  const known = (safeJson(await readFile(file, 'utf8').catch(() => '{}')) ?? {}) as Record<
    string,
    BuilderInfo
  >;
  const hit = known[id];
  if (hit && typeof hit.name === 'string' && hit.capabilities) return hit;

  const info = await inspectBuilder(name, runner, o.env);
  const entries = [...Object.entries(known).filter(([k]) => k !== id), [id, info] as const];
  // Best effort: a read-only home only costs the inspection next time.
  await writeAtomic(file, JSON.stringify(Object.fromEntries(entries.slice(-KEEP)))).catch(
    () => undefined,
  );
  return info;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
