import type { ResolvedCache } from '../cache/strategy';
import { routeToBuilderContext } from '../engine/builder-context';
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
 * a `local` export is swapped in only after success. A `builder` that names a docker
 * context builds on that context's engine.
 */
export async function buildImage(
  given: ImageBuildInput,
  givenCtx: ImagesContext = {},
): Promise<ImageBuildResult> {
  // `builder` may name a docker context (a remote engine): everything below talks to it.
  const routed = await routeToBuilderContext(given.build, givenCtx.env);
  const input = { ...given, build: routed.build };
  const ctx = { ...givenCtx, env: routed.env };
  const { image } = (await prepareImages({ image: input }, ctx, false)) as { image: PreparedImage };
  return withImageCaches([image], ctx, async (slots) => ({
    ...(await runBuild(cacheOptions(image, slots), ctx)),
    cache: image.cache,
  }));
}
