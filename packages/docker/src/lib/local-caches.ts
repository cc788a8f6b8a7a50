import type { ExecutorContext } from '@nx/devkit';
import { isCacheDirName } from '@nx-buildx/buildx';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { imageNameOfProject } from '../image/dockerfile-names';
import {
  LEGACY_CACHE_ROOT,
  defaultLocalCacheDir,
  workspaceCacheDir,
} from '../image/cache-location';
import { DOCKER_BUILD, DOCKER_FRESH_BUILD } from './executor-names';

/** Executors whose targets own a local cache directory. */
const BUILD_EXECUTORS = [DOCKER_BUILD, DOCKER_FRESH_BUILD];

type Projects = NonNullable<ExecutorContext['projectsConfigurations']>['projects'];

/**
 * The cache directories the projects' build targets name: their `cacheDir` option, else
 * the default under the per-user cache root (cache-location.ts). Pure but for the real
 * path of the workspace root, which names its folder there.
 */
export function configuredCacheDirs(
  all: Projects,
  names: readonly string[],
  root: string,
  env: Record<string, string | undefined>,
): string[] {
  const dirs = new Set<string>();
  for (const name of names) {
    for (const target of Object.values(all[name]?.targets ?? {})) {
      if (!target.executor || !BUILD_EXECUTORS.includes(target.executor)) continue;
      const cacheDir = (target.options as { cacheDir?: string } | undefined)?.cacheDir;
      dirs.add(
        cacheDir
          ? isAbsolute(cacheDir)
            ? cacheDir
            : resolve(root, cacheDir)
          : defaultLocalCacheDir(root, imageNameOfProject(name), env),
      );
    }
  }
  return [...dirs];
}

/**
 * The plugin's local cache directories for prune: what the projects' targets name (only
 * `projects` if given); for the whole workspace also every cache in this workspace's
 * folder of the cache root and in the old in-workspace root (projects removed since,
 * inferred targets). Whether each may be removed is for the caller to check (its marker).
 */
export async function localCacheDirs(
  context: ExecutorContext,
  projects?: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<string[]> {
  const all = context.projectsConfigurations?.projects ?? {};
  const unknown = (projects ?? []).filter((p) => !all[p]);
  if (unknown.length)
    throw new Error(
      `localCaches: no project named ${unknown.map((p) => `"${p}"`).join(', ')} in this workspace`,
    );
  const dirs = new Set(configuredCacheDirs(all, projects ?? Object.keys(all), context.root, env));
  const legacy = join(context.root, LEGACY_CACHE_ROOT);
  if (projects) {
    // Named as versions before the user cache folder named them: lowercased, without @.
    for (const name of projects) dirs.add(join(legacy, name.replace(/^@/, '').toLowerCase()));
  } else {
    for (const root of [workspaceCacheDir(context.root, env), legacy])
      for (const dir of await cachesIn(root)) dirs.add(dir);
  }
  return [...dirs].sort();
}

/** Cache directories in a folder of caches, not the files the plugin keeps beside them. */
async function cachesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && isCacheDirName(e.name))
    .map((e) => join(folder, e.name));
}
