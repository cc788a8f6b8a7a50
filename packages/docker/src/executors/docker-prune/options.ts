import { z } from 'zod';

const text = z.string().trim().min(1);

export const dockerPruneSchema = z
  .object({
    all: z.boolean().default(false),
    until: text.optional(),
    keepStorage: text.optional(),
    builder: text.optional(),
    filters: z.array(text).default([]),
    includeBuilderCache: z.boolean().default(false),
    localCaches: z.union([z.boolean(), z.array(text)]).default(false),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type DockerPruneOptions = z.output<typeof dockerPruneSchema>;
