import type { ResolvedCache } from '../cache/strategy';
import { parseOptions } from '../errors/zod-issues';
import type { BuildOptions } from './options';
import { buildOptionsSchema } from './options';
import type { ImageBuildInput, ImagesContext, PreparedImage } from './prepare-image';
import { cacheOptions, prepareImages, withImageCaches } from './prepare-image';
import type { BuildResult } from './run';
import { runParsedBuild } from './run';

export type { ImageBuildInput, ImagesContext } from './prepare-image';

export interface ImageBuildResult extends BuildResult {
  cache: ResolvedCache;
}

/**
 * A build with a cache strategy: the options validated once (unless `input.validated`
 * says a schema that extends buildx's already did), the checks and strategy resolution
 * shared with bakeImages (prepare-image.ts), then `docker buildx build` under the local
 * cache's lock; a `local` export is swapped in only after success.
 */
export async function buildImage(
  input: ImageBuildInput,
  ctx: ImagesContext = {},
): Promise<ImageBuildResult> {
  const build = input.validated
    ? input.build
    : parseOptions(buildOptionsSchema, input.build, 'build options');
  const { image } = (await prepareImages({ image: { ...input, build } }, ctx, false)) as {
    image: PreparedImage;
  };
  return withImageCaches([image], ctx, async (slots) => ({
    ...(await runParsedBuild(cacheOptions(image, slots) as BuildOptions, ctx)),
    cache: image.cache,
  }));
}
