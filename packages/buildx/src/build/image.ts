import type { ResolvedCache } from '../cache/strategy';
import { routeToBuilderContext } from '../engine/builder-context';
import { parseOptions } from '../errors/zod-issues';
import type { BuildOptions } from './options';
import { buildOptionsSchema } from './options';
import type { ImageBuildInput, PreparedImage } from './prepare-image';
import type { RunContext } from '../process/run-context';
import { cacheOptions, prepareImages, withImageCaches } from './prepare-image';
import type { BuildResult } from './run';
import { runParsedBuild } from './run';

export type { ImageBuildInput } from './prepare-image';

export interface ImageBuildResult extends BuildResult {
  cache: ResolvedCache;
}

/**
 * A build with a cache strategy: the options validated once (unless `input.validated`
 * says a schema that extends buildx's already did), the checks and strategy resolution
 * shared with bakeImages (prepare-image.ts), then `docker buildx build` under the local
 * cache's lock; a `local` export is swapped in only after success. A `builder` that names
 * a docker context builds on that context's engine.
 */
export async function buildImage(
  given: ImageBuildInput,
  givenCtx: RunContext = {},
): Promise<ImageBuildResult> {
  const parsed = given.validated
    ? given.build
    : parseOptions(buildOptionsSchema, given.build, 'build options');
  // `builder` may name a docker context (a remote engine): everything below talks to it.
  const routed = await routeToBuilderContext(parsed, givenCtx.env);
  const input = { ...given, build: routed.build };
  const ctx = { ...givenCtx, env: routed.env };
  const { image } = (await prepareImages({ image: input }, ctx, false)) as { image: PreparedImage };
  return withImageCaches([image], ctx, async (slots) => ({
    ...(await runParsedBuild(cacheOptions(image, slots) as BuildOptions, ctx)),
    cache: image.cache,
  }));
}
