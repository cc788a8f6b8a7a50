import type { ExecutorContext } from '@nx/devkit';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { defaultImageName } from './build-plan';
import { DOCKER_BUILD, DOCKER_FRESH_BUILD } from './executor-names';

/** Executors whose targets own a local cache directory. */
const BUILD_EXECUTORS = [DOCKER_BUILD, DOCKER_FRESH_BUILD];
export const DEFAULT_CACHE_ROOT = 'node_modules/.cache/nx-buildx';

/**
 * The plugin's local cache directories: each project's `cacheDir` option where set,
 * else the default `node_modules/.cache/nx-buildx/<image>`; only for `projects` if given.
 */
export async function localCacheDirs(
  context: ExecutorContext,
  projects?: readonly string[],
): Promise<string[]> {
  const all = context.projectsConfigurations?.projects ?? {};
  const unknown = (projects ?? []).filter((p) => !all[p]);
  if (unknown.length)
    throw new Error(
      `localCaches: no project named ${unknown.map((p) => `"${p}"`).join(', ')} in this workspace`,
    );
  const dirs = new Set<string>();
  for (const name of projects ?? Object.keys(all)) {
    for (const target of Object.values(all[name]?.targets ?? {})) {
      if (!target.executor || !BUILD_EXECUTORS.includes(target.executor)) continue;
      const cacheDir = (target.options as { cacheDir?: string } | undefined)?.cacheDir;
      dirs.add(
        cacheDir
          ? isAbsolute(cacheDir)
            ? cacheDir
            : resolve(context.root, cacheDir)
          : join(context.root, DEFAULT_CACHE_ROOT, defaultImageName(name)),
      );
    }
  }
  if (!projects) {
    // Caches of projects removed since, or built with inferred targets.
    const root = join(context.root, DEFAULT_CACHE_ROOT);
    for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory() && !/\.(next|old|lock)$/.test(entry.name))
        dirs.add(join(root, entry.name));
    }
  }
  return [...dirs].sort();
}
