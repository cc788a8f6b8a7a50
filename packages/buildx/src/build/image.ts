import type { ResolvedCache } from '../cache/strategy';
import type { ImageBuildInput, ImagesContext, PreparedImage } from './prepare-image';
import { cacheOptions, prepareImages, withImageCaches } from './prepare-image';
import type { BuildResult } from './run';
import { runBuild } from './run';

export type { ImageBuildInput, ImagesContext } from './prepare-image';

export interface ImageBuildResult extends BuildResult {
  cache: ResolvedCache;
}

/**
 * A build with a cache strategy: the checks and strategy resolution shared with
 * bakeImages (prepare-image.ts), then `docker buildx build` under the local cache's lock;
 * a `local` export is swapped in only after success.
 */
export async function buildImage(
  input: ImageBuildInput,
  ctx: ImagesContext = {},
): Promise<ImageBuildResult> {
  const { image } = (await prepareImages({ image: input }, ctx, false)) as { image: PreparedImage };
  return withImageCaches([image], ctx, async (slots) => ({
    ...(await runBuild(cacheOptions(image, slots), ctx)),
    cache: image.cache,
  }));
}
