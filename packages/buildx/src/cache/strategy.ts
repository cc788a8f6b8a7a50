import type { BuilderCapabilities } from '../builder/inspect';
import { BuilderCapabilityError, InvalidOptionError } from '../errors/errors';
import type { CacheEntry } from './entry';
import { runExportDir } from './local-layout';

export const CACHE_STRATEGIES = [
  'none',
  'inline',
  'local',
  'registry',
  'gha',
  's3',
  'auto',
] as const;
export type CacheStrategyName = (typeof CACHE_STRATEGIES)[number];
export type ConcreteStrategy = Exclude<CacheStrategyName, 'auto'>;

export interface CacheStrategyInput {
  strategy: CacheStrategyName;
  /** One cache namespace per image: the gha scope and the s3 prefix. */
  scope: string;
  /** The image's first tag; `inline` reads its cache from it. */
  imageRef?: string;
  /** The image name without tag; the registry cache defaults to `<image>:buildcache`. */
  imageName?: string;
  push: boolean;
  /** Directory of the `local` cache (required for `local`, and for `auto` off CI). */
  localDir?: string;
  /** Whether `localDir` already holds a cache to read from. */
  localExists?: boolean;
  registry?: { ref?: string; attrs?: Record<string, string> };
  s3?: { bucket?: string; region?: string; attrs?: Record<string, string> };
  gha?: { attrs?: Record<string, string> };
  env: Record<string, string | undefined>;
  /** What the builder can do; cache export is checked against it. */
  builder: { name: string; capabilities: BuilderCapabilities };
}

export interface ResolvedCache {
  strategy: ConcreteStrategy;
  cacheFrom: CacheEntry[];
  cacheTo: CacheEntry[];
  /** For `local`: the cache is written to `next` (this run's own) and swapped into `dir` after success. */
  local?: { dir: string; next: string };
  /** Why `auto` chose `strategy` (`not on CI: …`); absent when the strategy was named. */
  autoReason?: string;
  warnings: string[];
}

/**
 * A strategy name → `--cache-from`/`--cache-to` entries (docs/cache-strategies.md).
 * `auto` serves where it runs: gha on GitHub Actions, registry on CI when pushing, local
 * on other CI, and on a developer machine no export at all — the engine's own build cache
 * persists between builds there, so exporting on every build would only cost time. It
 * falls back to inline with a warning when the builder cannot export cache.
 */
export function resolveCacheStrategy(input: CacheStrategyInput): ResolvedCache {
  const warnings: string[] = [];
  if (input.strategy === 'auto') {
    let { strategy, reason } = pickAuto(input, warnings);
    if (!input.builder.capabilities.exportCache && !['none', 'inline'].includes(strategy)) {
      warnings.push(
        `builder "${input.builder.name}" cannot export cache, so cacheStrategy "auto" uses "inline" instead of "${strategy}" ` +
          '(turn on the containerd image store or use a docker-container builder to get it).',
      );
      strategy = 'inline';
      reason = `builder ${input.builder.name} cannot export cache`;
    }
    return { ...entriesFor(strategy, input), strategy, autoReason: reason, warnings };
  }
  const strategy = input.strategy;
  if (!['none', 'inline'].includes(strategy) && !input.builder.capabilities.exportCache) {
    throw new BuilderCapabilityError(
      input.builder.name,
      'export build cache',
      `cacheStrategy "${strategy}"`,
    );
  }
  return { ...entriesFor(strategy, input), strategy, warnings };
}

/** What `auto` uses where it runs, and why, in words the summary line prints. */
function pickAuto(
  input: CacheStrategyInput,
  warnings: string[],
): { strategy: ConcreteStrategy; reason: string } {
  if (input.env.GITHUB_ACTIONS === 'true') {
    if (ghaRuntimeMissing(input.env).length === 0)
      return { strategy: 'gha', reason: 'on GitHub Actions' };
    warnings.push(
      `on GitHub Actions but ${ghaRuntimeMissing(input.env).join(' and ')} not set: not using the gha cache. ${GHA_FIX}`,
    );
  }
  if (!input.env.CI)
    return { strategy: 'none', reason: "not on CI: the engine's build cache is kept" };
  if (input.push) return { strategy: 'registry', reason: 'on CI, pushing' };
  return { strategy: 'local', reason: 'on CI, not pushing' };
}

const GHA_FIX =
  'GitHub exposes ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL only to actions, not to `run:` steps: add the step ' +
  '`uses: crazy-max/ghaction-github-runtime@v3` before this one, or use cacheStrategy "registry".';

function ghaRuntimeMissing(env: Record<string, string | undefined>): string[] {
  const missing: string[] = [];
  if (!env.ACTIONS_RUNTIME_TOKEN) missing.push('ACTIONS_RUNTIME_TOKEN');
  if (!env.ACTIONS_CACHE_URL && !env.ACTIONS_RESULTS_URL) missing.push('ACTIONS_CACHE_URL');
  return missing;
}

function entriesFor(
  strategy: ConcreteStrategy,
  input: CacheStrategyInput,
): Pick<ResolvedCache, 'cacheFrom' | 'cacheTo' | 'local'> {
  const problem = (path: string, message: string) => new InvalidOptionError([{ path, message }]);
  switch (strategy) {
    case 'none':
      return { cacheFrom: [], cacheTo: [] };
    case 'inline':
      return {
        cacheFrom: input.imageRef ? [{ type: 'registry', attrs: { ref: input.imageRef } }] : [],
        cacheTo: [{ type: 'inline', attrs: {} }],
      };
    case 'local': {
      const dir = input.localDir;
      if (!dir) throw problem('cacheDir', 'cacheStrategy "local" needs a cache directory');
      const next = runExportDir(dir);
      return {
        cacheFrom: input.localExists ? [{ type: 'local', attrs: { src: dir } }] : [],
        cacheTo: [{ type: 'local', attrs: { dest: next, mode: 'max' } }],
        local: { dir, next },
      };
    }
    case 'registry': {
      const ref =
        input.registry?.ref ?? (input.imageName ? `${input.imageName}:buildcache` : undefined);
      if (!ref)
        throw problem(
          'cacheRegistryRef',
          'cacheStrategy "registry" needs an image name or cacheRegistryRef (e.g. registry.example.com/app:buildcache)',
        );
      return {
        cacheFrom: [{ type: 'registry', attrs: { ref } }],
        cacheTo: [{ type: 'registry', attrs: { ref, mode: 'max', ...input.registry?.attrs } }],
      };
    }
    case 'gha': {
      const missing = ghaRuntimeMissing(input.env);
      if (missing.length)
        throw problem(
          'cacheStrategy',
          `cacheStrategy "gha" needs ${missing.join(' and ')} in the environment. ${GHA_FIX}`,
        );
      return {
        cacheFrom: [{ type: 'gha', attrs: { scope: input.scope } }],
        cacheTo: [{ type: 'gha', attrs: { scope: input.scope, mode: 'max', ...input.gha?.attrs } }],
      };
    }
    case 's3': {
      const { bucket, region } = input.s3 ?? {};
      if (!bucket || !region)
        throw problem('cacheS3', 'cacheStrategy "s3" needs cacheS3.bucket and cacheS3.region');
      const attrs = { region, bucket, prefix: `${input.scope}/`, ...input.s3?.attrs };
      return {
        cacheFrom: [{ type: 's3', attrs }],
        cacheTo: [{ type: 's3', attrs: { ...attrs, mode: 'max' } }],
      };
    }
  }
}
