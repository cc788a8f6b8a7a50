import { z } from 'zod';

const text = z.string().trim().min(1);

// The one declaration of docker-prune's options; schema.json is generated from it.
export const dockerPruneSchema = z
  .strictObject({
    all: z
      .boolean()
      .default(false)
      .describe('Also remove cache not used by any image and internal/frontend images (--all).'),
    until: text.optional().describe('Only remove cache older than this, e.g. 7d, 36h, 90m.'),
    keepStorage: text
      .optional()
      .describe(
        'Keep this much build cache, e.g. 5GB (--keep-storage, or --reserved-space on buildx 0.18+).',
      ),
    builder: text
      .optional()
      .describe('Builder instance whose cache is pruned (--builder).')
      .meta({ examples: ['ci-builder'] }),
    filters: z.array(text).default([]).describe('Raw --filter values, e.g. type=regular.'),
    includeBuilderCache: z
      .boolean()
      .default(false)
      .describe("Also prune the engine's own build cache (docker builder prune)."),
    localCaches: z
      .union([z.boolean(), z.array(text)])
      .default(false)
      .describe(
        "Also remove this plugin's local cache directories: true for all of this workspace (its folder of the per-user cache root, the projects' cacheDir, and old caches under node_modules/.cache/nx-buildx), or a list of project names. Only directories carrying the plugin's marker are removed; others are named and skipped.",
      ),
    dryRun: z
      .boolean()
      .default(false)
      .describe(
        'Show what du says is reclaimable and which local caches would go; remove nothing.',
      ),
  })
  .meta({
    title: 'docker-prune',
    description:
      "Keeps build caches bounded: prunes buildx (and optionally the engine's and this plugin's local) build cache, reporting before, after and what was reclaimed.",
  });
export type DockerPruneOptions = z.output<typeof dockerPruneSchema>;
