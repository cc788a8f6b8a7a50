import type { BuilderInfo } from '../builder/inspect';
import { inspectBuilderCached } from '../builder/cached';
import { checkLocalCache } from '../cache/local-check';
import type { LocalCacheSlot } from '../cache/local-store';
import { withLocalCaches } from '../cache/local-store';
import type { CacheStrategyInput, ResolvedCache } from '../cache/strategy';
import { resolveCacheStrategy } from '../cache/strategy';
import { probeEngine } from '../engine/probe';
import { UnsafeCacheDirError } from '../errors/cache-dir';
import type { BuildxError } from '../errors/errors';
import { BuilderCapabilityError, InvalidOptionError } from '../errors/errors';
import type { BuildOptionsInput } from './options';
import { checkSecrets, secretBuildArgWarning } from './secrets';
import type { RunContext } from '../process/run-context';
import type { StepCounts } from './progress';

/** One image to build: its build options and the cache strategy to build it with. */
export interface ImageBuildInput {
  build: BuildOptionsInput;
  cache: Omit<CacheStrategyInput, 'builder' | 'localExists' | 'env'>;
  /** The build reads no cache (a fresh build): cacheFrom is dropped, cacheTo still resets the store. */
  readsCache?: boolean;
  /**
   * `build` is the output of buildOptionsSchema or of a schema extending it (an
   * executor's), plus values the caller derived itself: buildImage does not parse it again.
   */
  validated?: boolean;
  /**
   * A check of the result (a fresh build's step counts): a throw fails the build as a
   * failed push would, and the tags are put back as they were (image/tag-states.ts).
   */
  afterBuild?: (result: { steps: StepCounts }) => void | Promise<void>;
}

/** An image whose checks passed and whose cache strategy is resolved. */
export interface PreparedImage {
  input: ImageBuildInput;
  cache: ResolvedCache;
}

const ANY_BUILDER: Pick<BuilderInfo, 'capabilities'> = {
  capabilities: { exportCache: true, loadMultiPlatform: true, multiPlatform: true },
};

/**
 * Everything done before an image is built, for one image or a bake of many, in this
 * order so a refused build touches nothing: secrets have values (secret-like build args
 * are warned about), the engine answers, the builder's capabilities (cached per engine)
 * decide each cache strategy, and each `local` cache directory may be used. `labelled`
 * names the image in the messages of a bake (`secrets of api`).
 *
 * A problem of one image (its options, secrets, cache directory) throws, unless
 * `refuse` is given: then that image is left out and handed to it with the error, and
 * the others are prepared (a batch of tasks fails only the task at fault). A problem of
 * the engine or builder always throws.
 */
export async function prepareImages<K extends string>(
  images: Readonly<Record<K, ImageBuildInput>>,
  ctx: RunContext,
  labelled: boolean,
  refuse?: (name: K, error: BuildxError) => void,
): Promise<Partial<Record<K, PreparedImage>>> {
  const env = { ...process.env, ...ctx.env };
  const cwd = ctx.cwd ?? process.cwd();
  const warn = ctx.onWarning ?? ((m: string) => ctx.onLine?.(`warning: ${m}`));
  const refused = new Set<K>();
  const attempt = async (name: K, step: () => Promise<void>) => {
    if (refused.has(name)) return;
    try {
      await step();
    } catch (err) {
      if (!refuse || !isImageProblem(err)) throw err;
      refused.add(name);
      refuse(name, err);
    }
  };
  const entries = Object.entries(images) as Array<[K, ImageBuildInput]>;
  for (const [name, input] of entries)
    await attempt(name, async () => {
      await checkSecrets(
        input.build.secrets,
        cwd,
        env,
        ...(labelled ? [`secrets of ${name}`] : []),
      );
      const argWarning = secretBuildArgWarning(input.build.buildArgs, labelled ? name : undefined);
      if (argWarning) warn(argWarning);
    });
  if (!ctx.runner) await probeEngine(env); // a fake runner means no engine to ask

  const builders = new Map<string, Promise<BuilderInfo>>();
  const builderOf = (name: string | undefined) => {
    const key = name ?? '';
    if (!builders.has(key)) builders.set(key, inspectBuilderCached(name, ctx.runner, { env }));
    return builders.get(key) as Promise<BuilderInfo>;
  };
  const prepared: Partial<Record<K, PreparedImage>> = {};
  for (const [name, input] of entries) {
    if (refused.has(name)) continue;
    const builder = ['none', 'inline'].includes(input.cache.strategy)
      ? { name: input.build.builder ?? 'default', ...ANY_BUILDER }
      : await builderOf(input.build.builder);
    await attempt(name, async () => {
      // localExists only decides whether a local cache is read (cacheOptions does that
      // under the lock); which store it is does not depend on it.
      const cache = resolveCacheStrategy({ ...input.cache, env, builder, localExists: true });
      for (const w of cache.warnings) warn(labelled ? `${name}: ${w}` : w);
      assertOwnCacheDir(name, cache, prepared);
      if (cache.local)
        await checkLocalCache(cache.local.dir, {
          workspaceRoot: cwd,
          cwd,
          build: input.build,
          env,
          onLine: ctx.onLine,
        });
      prepared[name] = { input, cache };
    });
  }
  return prepared;
}

/** What is wrong with one image rather than with the engine or the run. */
function isImageProblem(err: unknown): err is BuildxError {
  return (
    err instanceof InvalidOptionError ||
    err instanceof UnsafeCacheDirError ||
    err instanceof BuilderCapabilityError
  );
}

/** Two images exporting into one local cache in the same run would overwrite each other. */
function assertOwnCacheDir(
  name: string,
  cache: ResolvedCache,
  prepared: Partial<Record<string, PreparedImage>>,
): void {
  const dir = cache.local?.dir;
  const other = Object.entries(prepared).find(([, p]) => dir && p?.cache.local?.dir === dir)?.[0];
  if (other)
    throw new InvalidOptionError(
      [
        {
          path: 'cacheDir',
          message: `${other} and ${name} both use the local cache ${dir}; give each image a cacheDir of its own (or leave cacheDir out for the per-image default)`,
        },
      ],
      `options of ${name}`,
    );
}

/**
 * The build options with the strategy's cache entries before the user's own: a `local`
 * cache is read only when its slot holds one (and the build reads cache at all).
 */
export function cacheOptions(
  { input, cache }: PreparedImage,
  slots: ReadonlyMap<string, Pick<LocalCacheSlot, 'exists'>>,
): BuildOptionsInput {
  const localExists = cache.local ? (slots.get(cache.local.dir)?.exists ?? false) : true;
  const readsCache = (input.readsCache ?? true) && localExists;
  return {
    ...input.build,
    cacheFrom: [...(readsCache ? cache.cacheFrom : []), ...(input.build.cacheFrom ?? [])],
    cacheTo: [...cache.cacheTo, ...(input.build.cacheTo ?? [])],
  };
}

/**
 * Runs `fn` holding the lock of every local cache of `images`; each cache's export is
 * swapped in only if `fn` succeeds, so a failed build (or bake) leaves every cache as it was.
 */
export function withImageCaches<T>(
  images: readonly PreparedImage[],
  ctx: RunContext,
  fn: (slots: ReadonlyMap<string, LocalCacheSlot>) => Promise<T>,
): Promise<T> {
  const dirs = images.flatMap((i) => (i.cache.local ? [i.cache.local.dir] : []));
  return withLocalCaches(dirs, fn, {
    onLine: ctx.onLine,
    workspaceRoot: ctx.cwd ?? process.cwd(),
  });
}
