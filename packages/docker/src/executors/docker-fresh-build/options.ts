import { FRESH_MODES } from '@nx-buildx/buildx';
import { z } from 'zod';
import { dockerBuildShape } from '../docker-build/options';

/** docker-build's options plus how to make the build fresh (design.md, "Freshness"). */
export const dockerFreshBuildSchema = z
  .object({
    ...dockerBuildShape,
    mode: z.enum(FRESH_MODES).default('no-cache'),
    stages: z.array(z.string().trim().min(1)).default([]),
    bustArg: z.string().trim().min(1).default('CACHE_BUST'),
  })
  .strict();
export type DockerFreshBuildOptions = z.output<typeof dockerFreshBuildSchema>;
