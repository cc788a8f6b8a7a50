// The entry of @nx-buildx/buildx: what a user of the driver needs, by noun. A name used
// only inside this package stays out; a type in an exported signature is in.

// Build: one image by `docker buildx build`
export { buildImage } from './build/image';
export { runBuild } from './build/run';
export { buildArgv } from './build/argv';
export { stallLimitMs } from './build/stall-watch';
export type { ImageBuildResult } from './build/image';
export type { ImageBuildInput } from './build/prepare-image';
export type { BuildResult } from './build/run';
export type { RunContext } from './process/run-context';
export type { Argv } from './build/argv';
export type { ImageMetadata } from './build/metadata';
export type { StepCounts } from './build/progress';

// Build options: the schema of a build's options, and their values
export {
  buildOptionsObject,
  checkBuildOptions,
  cacheEntryText,
  mapValue,
  PROGRESS_MODES,
} from './build/options';
export { FOREIGN_SECRET_ITEM, FOREIGN_VALUE_SHAPES } from './build/foreign-options';
export type { BuildOptions, BuildOptionsInput, Secret } from './build/options';

// Secrets: checked before a run, masked when shown
export { checkSecrets } from './build/secrets';
export { redactSecretArgs } from './bake/secret-args';
export { isSecretLikeName } from './redact';

// Fresh builds: no-cache, prune, stages and bust modes, and their checks
export { freshBuildOverrides, FRESH_MODES } from './build/fresh';
export { checkFreshPlan, externalBases, falseFreshProblem } from './build/fresh-check';
export { refreshBaseImages } from './build/refresh-bases';
export type { FreshInput, FreshMode } from './build/fresh';
export type { FreshCheckInput } from './build/fresh-check';
export type { RefreshedBase } from './build/refresh-bases';

// Bake: many images by `docker buildx bake`
export { bakeImages, bakeImagesInRuns, writeImagesBakes } from './bake/images';
export { bakeDefinitionOf } from './bake/one-run';
export { bakeGaps, bakeTargetFromBuild, bakeTargetName, needsBakeVersion } from './bake/definition';
export { bakeArgv, bakeOptionsSchema, printBake, runBake } from './bake/run';
export type {
  BakeImageInput,
  BakeImageOutcome,
  BakeImagesInput,
  BakeImagesResult,
  BakeRun,
  BakeRunFlags,
} from './bake/images';
export type { BakeDefinition, BakeTarget } from './bake/definition';
export type { BakeOptions, BakeOptionsInput, BakeResult, BakeTargetResult } from './bake/run';

// Cache strategies and local cache stores
export { CACHE_STRATEGIES, resolveCacheStrategy } from './cache/strategy';
export { directorySize, removeLocalCache } from './cache/local-store';
export { isCacheDirName } from './cache/local-layout';
export { cacheDirProblem } from './cache/dir-guard';
export type {
  CacheStrategyInput,
  CacheStrategyName,
  ConcreteStrategy,
  ResolvedCache,
} from './cache/strategy';
export type { CacheEntry, CacheType } from './cache/entry';
export type { LocalCacheOptions } from './cache/local-store';
export type { CacheDirSubject } from './cache/dir-guard';

// Builder and engine
export { buildxVersion, inspectBuilder } from './builder/query';
export { parseBuildxVersion } from './builder/version';
export { routeToBuilderContext } from './engine/builder-context';
export type { BuildxVersion } from './builder/version';
export type { BuilderCapabilities, BuilderInfo } from './builder/inspect';
export type { EngineEndpoint } from './engine/endpoint';

// Images in the engine: their IDs, and publishing them under release tags
export { localImageIds } from './image/local-ids';
export { tagStates, tagsWerePutBack } from './image/tag-states';
export type { TagStates } from './image/tag-states';
export { publishImage } from './image/publish';
export type { PublishContext, PublishImageInput } from './image/publish';

// Prune: `docker buildx prune` and `du`
export { pruneOptionsSchema, runPrune } from './prune/prune';
export { diskUsage } from './prune/du';
export type { PruneOptions, PruneOptionsInput, PruneResult } from './prune/prune';
export type { CacheRecord, DiskUsage } from './prune/du';

// Sizes and durations: `5GB`, `7d`
export { formatBytes, parseDuration, parseSize } from './prune/units';

// CSV fields: `key=value,key2=value2`
export { parseKeyValues, splitCsv } from './cache/csv';

// Dockerfile
export { parseDockerfile } from './dockerfile/parse';
export type { DockerfileInfo, DockerfileStage } from './dockerfile/parse';

// Build context: the files docker sends, and warnings about them
export { contextDigest, contextFiles, ignoreFileInForce, ignorePatterns } from './context/files';
export { contextSendsPath, pathInContext } from './context/sends-path';
export {
  isOutside,
  LARGE_CONTEXT_BYTES,
  largeContextMessage,
  largestEntries,
  localContextDir,
} from './context/size-warning';
export { dockerfilePathWarnings } from './context/dockerfile-path';
export type { ContextOptions } from './context/files';

// Git: the facts of a checkout, and its remote as a public URL
export { readGitInfo } from './git/info';
export { publicSourceUrl } from './redact';
export type { GitInfo } from './git/info';

// Run a container: `docker run` of a built image
export { runContainer } from './run/container';
export type { ContainerRunContext, ContainerRunResult } from './run/container';
export type { ContainerSpec } from './run/run-argv';

// Processes: the one port through which docker runs, and stopping them
export { execaRunner } from './process/execa-runner';
export { interruptibleRuns, STOP_SIGNALS } from './process/interrupts';
export type { ProcessRunner, RunOptions, RunResult } from './process/runner';

// Errors: each a BuildxError with a `code`; parseOptions throws InvalidOptionError
export {
  BuilderCapabilityError,
  BuildFailedError,
  BuildxError,
  BuildxMissingError,
  CacheLockedError,
  EngineUnreachableError,
  InterruptedError,
  InvalidOptionError,
  StalledError,
  WriteFailedError,
} from './errors/errors';
export { parseOptions } from './errors/zod-issues';
export { EngineNotAnsweringError } from './errors/engine';
export { BakeFailedError } from './errors/bake';
export { UnsafeCacheDirError } from './errors/cache-dir';
export { NotFreshError } from './errors/freshness';
export { GeneratorRefusedError } from './errors/generator';
export { PushFailedError, ReleaseImageMissingError } from './errors/publish';
export { ContainerRunError } from './errors/container';
export { DockerfileError } from './dockerfile/parse';
export { DockerignoreError } from './context/files';
export type { OptionProblem } from './errors/errors';
export type { UnsafeCacheDirReason } from './errors/cache-dir';
