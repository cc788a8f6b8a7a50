import { checkBuildOptions, FRESH_MODES } from '@nx-buildx/buildx';
import { z } from 'zod';
import { dockerBuildObject } from '../../image/options';

const text = z.string().trim().min(1);

/** docker-build's options plus how to make the build fresh (docs: "Freshness"). */
export const dockerFreshBuildSchema = dockerBuildObject
  .extend({
    mode: z
      .enum(FRESH_MODES)
      .default('no-cache')
      .describe(
        "How to make the build fresh: no-cache (--no-cache --pull, resets this image's cache store), stages (--no-cache-filter for the named stages), bust (a build arg set to a new value), prune (clears EVERY project's build cache first, then builds with --no-cache). The Dockerfile is checked before building and the step counts after: a build where the steps to rebuild came from cache fails instead of being recorded as fresh. After a --pull build the engine's tags of the base images are refreshed, so the next docker-build keeps the new bases.",
      ),
    stages: z
      .array(text)
      .default([])
      .describe(
        "Stages to rebuild for mode 'stages' (named with FROM … AS <name>; each must exist and be built for the target, checked before building).",
      )
      .meta({ examples: [['deps', 'build']] }),
    bustArg: text
      .default('CACHE_BUST')
      .describe(
        "Build arg that receives a fresh value for mode 'bust'. The Dockerfile must declare ARG <bustArg> in a stage the build uses, before the RUN steps to rerun; this is checked before building.",
      ),
  })
  .meta({
    title: 'docker-fresh-build',
    description:
      "Builds the project's image with nothing stale in it, and resets its own cache store so the next docker-build is warm and correct.",
  })
  .superRefine(checkBuildOptions);
export type DockerFreshBuildOptions = z.output<typeof dockerFreshBuildSchema>;
