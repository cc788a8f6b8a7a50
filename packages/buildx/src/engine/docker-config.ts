import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** The docker CLI's config folder (config.json, contexts, buildx state). */
export function dockerConfigDir(env: Env = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/**
 * Where the docker CLI keeps a context's endpoints: the folder is named by the sha256 of
 * the context name, not the name (docker/cli context store).
 */
export function contextMetaPath(configDir: string, name: string): string {
  return join(
    configDir,
    'contexts',
    'meta',
    createHash('sha256').update(name).digest('hex'),
    'meta.json',
  );
}
