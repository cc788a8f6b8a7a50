import { assertCacheDirUsable, cacheInContextProblem } from './dir-guard';

export interface LocalCacheCheck {
  workspaceRoot: string;
  /** Where docker runs: the build's context and Dockerfile are relative to it. */
  cwd: string;
  build: { context: string; file?: string };
  env: Record<string, string | undefined>;
  onLine?: (line: string) => void;
}

/**
 * Everything checked about a `local` cache before a build starts (nothing built, nothing
 * touched): the directory may be used (dir-guard.ts) and lies outside what the build
 * sends. On CI it says which directory to keep between runs.
 */
export async function checkLocalCache(dir: string, c: LocalCacheCheck): Promise<void> {
  await assertCacheDirUsable({ dir, workspaceRoot: c.workspaceRoot });
  const inContext = await cacheInContextProblem({
    dir,
    workspaceRoot: c.workspaceRoot,
    cwd: c.cwd,
    context: c.build.context,
    dockerfile: c.build.file,
  });
  if (inContext) throw inContext;
  if (c.env.CI)
    c.onLine?.(
      `note: the local cache is ${dir}; on CI, persist that directory between runs (e.g. the path of actions/cache) or each run starts cold.`,
    );
}
