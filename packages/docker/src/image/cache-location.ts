import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';

/** Where caches of the plugin's versions before 0.x lived: inside the workspace. */
export const LEGACY_CACHE_ROOT = 'node_modules/.cache/nx-buildx';

/**
 * The per-user root of the plugin's local caches: `NX_BUILDX_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/nx-buildx`, else `~/.cache/nx-buildx`. Outside every workspace, so a
 * cache never ends up in a build context (`COPY . .` would send it and never hit).
 */
export function userCacheRoot(env: Record<string, string | undefined>, home: string): string {
  if (env.NX_BUILDX_CACHE_DIR) return resolve(env.NX_BUILDX_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'nx-buildx');
  return join(home, '.cache', 'nx-buildx');
}

/**
 * One folder per workspace under the root: `<basename>-<8 hex of sha256(real path)>`,
 * readable and distinct for two checkouts with the same name. The name keeps only
 * `[A-Za-z0-9._-]`: BuildKit refuses a local cache path with non-ASCII characters (it
 * travels in a gRPC header), and the hash already tells workspaces apart.
 */
export function workspaceCacheFolder(realWorkspaceRoot: string): string {
  const hash = createHash('sha256').update(realWorkspaceRoot).digest('hex').slice(0, 8);
  const name = basename(realWorkspaceRoot).replace(/[^A-Za-z0-9._-]/g, '_');
  return `${name || 'root'}-${hash}`;
}

/** This workspace's folder of caches: `<user cache root>/<workspace folder>`. */
export function workspaceCacheDir(
  workspaceRoot: string,
  env: Record<string, string | undefined>,
  home = homedir(),
): string {
  return join(userCacheRoot(env, home), workspaceCacheFolder(realPath(workspaceRoot)));
}

/** The default local cache of an image: `<workspace cache dir>/<image name>`. */
export function defaultLocalCacheDir(
  workspaceRoot: string,
  imageName: string,
  env: Record<string, string | undefined>,
  home = homedir(),
): string {
  return join(workspaceCacheDir(workspaceRoot, env, home), imageName);
}

function realPath(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolve(p);
  }
}
