import { inspectBuilderCached } from '../builder/cached';
import { probeEngine } from '../engine/probe';
import { checkLocalCache } from '../cache/local-check';
import { withLocalCache } from '../cache/local-store';
import type { CacheStrategyInput, ResolvedCache } from '../cache/strategy';
import { resolveCacheStrategy } from '../cache/strategy';
import type { BuildOptionsInput } from './options';
import type { BuildResult, RunContext } from './run';
import { runBuild } from './run';
import { checkSecrets, secretBuildArgWarning } from './secrets';

export interface ImageBuildInput {
  build: BuildOptionsInput;
  cache: Omit<CacheStrategyInput, 'builder' | 'localExists' | 'env'>;
  /** The build reads no cache (a fresh build): cacheFrom is dropped, cacheTo still resets the store. */
  readsCache?: boolean;
}

export interface ImageBuildResult extends BuildResult {
  cache: ResolvedCache;
}

/**
 * A build with a cache strategy: resolves the strategy against what the builder can do,
 * and for `local` exports into a sibling directory swapped in only after success.
 */
export async function buildImage(
  input: ImageBuildInput,
  ctx: RunContext = {},
): Promise<ImageBuildResult> {
  const env = { ...process.env, ...ctx.env };
  // Before the builder, the lock and the cache slot: a refused build touches nothing.
  await checkSecrets(input.build.secrets, ctx.cwd ?? process.cwd(), env);
  const argWarning = secretBuildArgWarning(input.build.buildArgs);
  if (argWarning) ctx.onLine?.(`warning: ${argWarning}`);
  if (!ctx.runner) await probeEngine(env); // a fake runner means no engine to ask
  const needsBuilder = !['none', 'inline'].includes(input.cache.strategy);
  const builder = needsBuilder
    ? await inspectBuilderCached(input.build.builder, ctx.runner, { env })
    : {
        name: input.build.builder ?? 'default',
        capabilities: { exportCache: true, loadMultiPlatform: true, multiPlatform: true },
      };

  // localExists only decides whether a local cache is read; which store it is does not
  // depend on it, so resolve once and drop the read when the directory holds no cache.
  const cache = resolveCacheStrategy({ ...input.cache, env, builder, localExists: true });
  for (const warning of cache.warnings) ctx.onLine?.(`warning: ${warning}`);
  const run = async (localExists: boolean): Promise<ImageBuildResult> => {
    const readsCache = (input.readsCache ?? true) && localExists;
    const build: BuildOptionsInput = {
      ...input.build,
      cacheFrom: [
        ...(readsCache ? cache.cacheFrom : []),
        ...(input.build.cacheFrom ?? []),
      ],
      cacheTo: [...cache.cacheTo, ...(input.build.cacheTo ?? [])],
    };
    return { ...(await runBuild(build, ctx)), cache };
  };

  if (!cache.local) return run(true);
  const cwd = ctx.cwd ?? process.cwd();
  await checkLocalCache(cache.local.dir, {
    workspaceRoot: cwd,
    cwd,
    build: input.build,
    env,
    onLine: ctx.onLine,
  });
  return withLocalCache(cache.local.dir, (slot) => run(slot.exists), {
    onLine: ctx.onLine,
    workspaceRoot: cwd,
  });
}
