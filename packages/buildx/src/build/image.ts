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
import { EngineTransientError } from '../errors/registry';
import { tagStates, withTagsKept } from '../image/tag-states';

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
  // What the tags name before, read while the checks run, to be put back when the build
  // fails after it tagged: a push that fails after the image was stored (the docker driver
  // stores what it pushes, --load or not), a check of the result, an interruption during
  // the export. One `docker image inspect`, beside the checks; a failed step tags nothing
  // and restores nothing.
  const before = tagStates(routed.build.tags ?? [], ctx);
  const { image } = (await prepareImages({ image: input }, ctx, false)) as { image: PreparedImage };
  const tagsBefore = await before;
  return withImageCaches([image], ctx, (slots) =>
    withTagsKept(tagsBefore, ctx, async () => {
      const built = await runRetryingRace(cacheOptions(image, slots) as BuildOptions, ctx);
      await given.afterBuild?.(built);
      return { ...built, cache: image.cache };
    }),
  );
}

/**
 * BuildKit's snapshot race (ENGINE_TRANSIENT): a build that pushes nothing is safe to
 * run again, once; one that pushes had begun to, so it fails as it is.
 */
async function runRetryingRace(options: BuildOptions, ctx: RunContext): Promise<BuildResult> {
  try {
    return await runParsedBuild(options, ctx);
  } catch (err) {
    if (!(err instanceof EngineTransientError) || options.push) throw err;
    ctx.onLine?.(
      `[nx-buildx] ${err.dockerLine} — a BuildKit race, not your Dockerfile: building once more`,
    );
    return runParsedBuild(options, ctx).catch((again: unknown) => {
      throw again instanceof EngineTransientError
        ? new EngineTransientError(again.operation, again.dockerLine, true)
        : again;
    });
  }
}
