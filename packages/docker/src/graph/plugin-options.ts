import { z } from 'zod';

/**
 * Options of the graph plugin, from its nx.json entry
 * (`{ "plugin": "@nx-buildx/docker", "options": {...} }`). Validated here so a typo names
 * the option instead of producing odd targets.
 */
// Kept in step with @nx-buildx/buildx CACHE_STRATEGIES by plugin-options.spec.ts: importing
// the core here would load all of it on every nx command.
export const PLUGIN_CACHE_STRATEGIES = [
  'none',
  'inline',
  'local',
  'registry',
  'gha',
  's3',
  'auto',
] as const;

const name = z
  .string()
  .trim()
  .regex(/^[\w.:-]+$/, 'must be a target name (letters, digits, _ . : -)');
const text = z.string().trim().min(1);

export const pluginOptionsSchema = z
  .object({
    /** Name of the cached build target; a `Dockerfile.<v>` gets `<name>-<v>`. */
    buildTargetName: name.default('docker-build'),
    /** Name of the fresh build target; a `Dockerfile.<v>` gets `<name>-<v>`. */
    freshTargetName: name.default('docker-fresh'),
    /** Image name; `{projectName}` is the project's name as an image name. Variants add `-<v>`. */
    imageName: text.default('{projectName}'),
    /** Registry prefix of every image, e.g. `registry.example.com/team`. */
    registry: text.optional(),
    /** Tags of every image (the executors' default is `["latest"]`). */
    tags: z.array(text).optional(),
    /** Cache strategy of docker-build (the executor's default is `auto`). */
    cacheStrategy: z.enum(PLUGIN_CACHE_STRATEGIES).optional(),
    /** Nx caching of docker-build (docs/decisions/0003-inferred-targets.md). */
    cache: z.boolean().default(true),
  })
  .strict();

export type PluginOptions = z.output<typeof pluginOptionsSchema>;

/** The options, or an error naming each bad option and what is expected. */
export function normalizePluginOptions(raw: unknown): PluginOptions {
  const parsed = pluginOptionsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `  - ${i.path.join('.') || '(options)'}: ${i.message}`,
  );
  throw new Error(
    `@nx-buildx/docker: invalid plugin options in nx.json:\n${problems.join('\n')}\n` +
      `Fix the "options" of the @nx-buildx/docker entry in nx.json "plugins".`,
  );
}
