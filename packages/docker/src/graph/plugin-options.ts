import type * as Zod from 'zod';

/**
 * Options of the graph plugin, from its nx.json entry
 * (`{ "plugin": "@nx-buildx/docker", "options": {...} }`), validated so a typo names the
 * option instead of producing odd targets. zod (~45 ms to load) is only loaded when the
 * options are not plainly valid: this module runs on every nx command.
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

export interface PluginOptions {
  /** Name of the cached build target; a `Dockerfile.<v>` gets `<name>-<v>`. */
  buildTargetName: string;
  /** Name of the fresh build target; a `Dockerfile.<v>` gets `<name>-<v>`. */
  freshTargetName: string;
  /** Image name; `{projectName}` is the project's name as an image name. Variants add `-<v>`. */
  imageName: string;
  /** Registry prefix of every image, e.g. `registry.example.com/team`. */
  registry?: string;
  /** Tags of every image (the executors' default is `["latest"]`). */
  tags?: string[];
  /** Cache strategy of docker-build (the executor's default is `auto`). */
  cacheStrategy?: (typeof PLUGIN_CACHE_STRATEGIES)[number];
  /** Nx caching of docker-build (docs/decisions/0003-inferred-targets.md). */
  cache: boolean;
}

const DEFAULTS = {
  buildTargetName: 'docker-build',
  freshTargetName: 'docker-fresh',
  imageName: '{projectName}',
  cache: false,
} as const;
const TARGET_NAME = /^[\w.:-]+$/;

/** The zod schema: the reference for the options and their messages. */
export function pluginOptionsSchema() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { z } = require('zod') as typeof Zod;
  const name = z
    .string()
    .trim()
    .regex(TARGET_NAME, 'must be a target name (letters, digits, _ . : -)');
  const text = z.string().trim().min(1);
  return z
    .object({
      buildTargetName: name.default(DEFAULTS.buildTargetName),
      freshTargetName: name.default(DEFAULTS.freshTargetName),
      imageName: text.default(DEFAULTS.imageName),
      registry: text.optional(),
      tags: z.array(text).optional(),
      cacheStrategy: z.enum(PLUGIN_CACHE_STRATEGIES).optional(),
      cache: z.boolean().default(DEFAULTS.cache),
    })
    .strict() satisfies Zod.ZodType<PluginOptions, unknown>;
}

/** Plainly valid options (no trimming or coercion needed), without loading zod. */
function plainlyValid(raw: unknown): PluginOptions | undefined {
  if (raw === undefined || raw === null) return { ...DEFAULTS };
  if (typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.trim() === v;
  const checks: Record<keyof PluginOptions, (v: unknown) => boolean> = {
    buildTargetName: (v) => typeof v === 'string' && TARGET_NAME.test(v),
    freshTargetName: (v) => typeof v === 'string' && TARGET_NAME.test(v),
    imageName: text,
    registry: text,
    tags: (v) => Array.isArray(v) && v.every(text),
    cacheStrategy: (v) => (PLUGIN_CACHE_STRATEGIES as readonly unknown[]).includes(v),
    cache: (v) => typeof v === 'boolean',
  };
  for (const [key, value] of Object.entries(o)) {
    const check = checks[key as keyof PluginOptions];
    if (!check || value === undefined || !check(value)) return undefined;
  }
  return { ...DEFAULTS, ...(o as Partial<PluginOptions>) };
}

/** The options, or an error naming each bad option and what is expected. */
export function normalizePluginOptions(raw: unknown): PluginOptions {
  const plain = plainlyValid(raw);
  if (plain) return plain;
  const parsed = pluginOptionsSchema().safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = (parsed.error as Zod.ZodError).issues.map(
    (i) => `  - ${i.path.join('.') || '(options)'}: ${i.message}`,
  );
  throw new Error(
    `@nx-buildx/docker: invalid plugin options in nx.json:\n${problems.join('\n')}\n` +
      `Fix the "options" of the @nx-buildx/docker entry in nx.json "plugins".`,
  );
}
