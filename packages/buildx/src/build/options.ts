import { z } from 'zod';
import type { CacheEntry } from '../cache/entry';
import { CACHE_TYPES, parseCacheEntry } from '../cache/entry';
import { InvalidOptionError } from '../errors/errors';

const nonEmpty = z.string().trim().min(1);
/** os/arch[/variant], e.g. linux/amd64, linux/arm/v7, linux/arm64/v8. */
const PLATFORM =
  /^[a-z0-9]+\/(amd64(\/v[1-4])?|arm64(\/v8)?|arm(\/v[5-7])?|386|ppc64le|s390x|riscv64|mips64le|mips64|loong64|wasm)$/;
export const platform = nonEmpty.regex(PLATFORM, {
  message: 'is not a platform like linux/amd64, linux/arm64 or linux/arm/v7',
});

export const secretSchema = z
  .object({
    id: nonEmpty,
    /** A file whose content is the secret. */
    src: nonEmpty.optional(),
    /** An environment variable whose value is the secret. */
    env: nonEmpty.optional(),
  })
  .strict()
  .refine((s) => Boolean(s.src) !== Boolean(s.env), {
    message: 'a secret needs exactly one of src (a file) or env (a variable)',
  });
export type Secret = z.infer<typeof secretSchema>;

const attestation = z.union([z.boolean(), nonEmpty]);

/**
 * A value of a string map (build args, labels): Nx reads `--buildArgs.X=12` from the
 * command line as the number 12, and `=true` as a boolean; docker wants their text.
 */
export const mapValue = z.union([z.string(), z.number(), z.boolean()]).pipe(z.coerce.string());

/** BuildKit's progress modes (`--progress`). */
export const PROGRESS_MODES = ['auto', 'plain', 'tty', 'quiet', 'rawjson'] as const;

const list = z.array(nonEmpty).default([]);

/** Reads one entry's text into a {@link CacheEntry}, with parseCacheEntry's messages. */
const readCacheEntry =
  (direction: 'from' | 'to') =>
  (text: string, ctx: z.RefinementCtx): CacheEntry => {
    try {
      return parseCacheEntry(text, direction);
    } catch (err) {
      if (!(err instanceof InvalidOptionError)) throw err;
      err.problems.forEach((p) => ctx.addIssue({ code: 'custom', message: p.message }));
      return z.NEVER;
    }
  };

/** One `--cache-from`/`--cache-to` entry as text (`type=gha,scope=api`), read and checked once. */
export const cacheEntryText = (direction: 'from' | 'to') =>
  z.string().transform(readCacheEntry(direction));

/** Cache entries as text or as {@link CacheEntry} a caller already has; typed from here until argv. */
const cacheEntries = (direction: 'from' | 'to') =>
  z
    .array(
      z
        .union([
          z.strictObject({ type: z.enum(CACHE_TYPES), attrs: z.record(z.string(), z.string()) }),
          z.string(),
        ])
        .transform((entry, ctx) =>
          typeof entry === 'string' ? readCacheEntry(direction)(entry, ctx) : entry,
        ),
    )
    .default([]);
const stringMap = z.record(nonEmpty, mapValue).default({});

/**
 * Everything a `docker buildx build` takes that users of docker/build-push-action expect,
 * each with the description users read (the executors' schema.json is generated from it).
 * Paths are as the docker CLI reads them (relative to `cwd` of the run). Extendable:
 * refinements live in {@link buildOptionsSchema}.
 */
export const buildOptionsObject = z.strictObject({
  file: nonEmpty.optional().describe('Dockerfile path (--file). Default: <context>/Dockerfile.'),
  context: nonEmpty.describe('Build context (the PATH argument of docker buildx build).'),
  tags: list.describe('Image references to tag the result with (--tag), e.g. acme/api:1.2.'),
  labels: stringMap.describe('Image labels (--label).'),
  annotations: list.describe(
    'OCI annotations (--annotation), e.g. index:org.opencontainers.image.description=API.',
  ),
  platforms: z
    .array(platform)
    .default([])
    .describe('Target platforms, e.g. linux/amd64, linux/arm64.'),
  buildArgs: stringMap.describe(
    'Build arguments (--build-arg). Their values are stored in the image (docker history): names like *TOKEN*, *PASSWORD*, *SECRET*, *_KEY, *AUTH* are warned about and redacted from printed commands; pass credentials as secrets.',
  ),
  secrets: z
    .array(secretSchema)
    .default([])
    .describe(
      'Build secrets: {id, src} for a file or {id, env} for an environment variable (--secret); read with RUN --mount=type=secret,id=<id>. An unset or empty variable or a missing file fails before building.',
    ),
  ssh: list.describe('SSH agent sockets or keys to expose (--ssh), e.g. default.'),
  target: nonEmpty.optional().describe('Stage to build (--target).'),
  buildContexts: z
    .record(nonEmpty, nonEmpty)
    .default({})
    .describe(
      'Additional named contexts (--build-context name=path|docker-image://ref|target:name).',
    ),
  cacheFrom: cacheEntries('from').describe(
    'Cache sources (--cache-from): type=…,key=value text, e.g. type=gha,scope=api, or {type, attrs}.',
  ),
  cacheTo: cacheEntries('to').describe(
    'Cache destinations (--cache-to): type=…,key=value text, e.g. type=local,dest=dir,mode=max, or {type, attrs}.',
  ),
  noCache: z.boolean().default(false).describe('Do not use cache when building (--no-cache).'),
  noCacheFilter: list.describe('Stages not to take from cache (--no-cache-filter).'),
  pull: z.boolean().default(false).describe('Always pull newer versions of base images (--pull).'),
  load: z.boolean().default(false).describe('Load the image into the engine (--load).'),
  push: z.boolean().default(false).describe('Push the image to its registry (--push).'),
  outputs: list.describe(
    'Output destinations (--output), e.g. type=tar,dest=image.tar; not with load or push.',
  ),
  provenance: attestation
    .optional()
    .describe('Provenance attestation: true, false or a spec such as mode=max (--provenance).'),
  sbom: attestation.optional().describe('SBOM attestation: true, false or a spec (--sbom).'),
  attests: list.describe('Other attestations (--attest).'),
  metadataFile: nonEmpty
    .optional()
    .describe('Where buildx writes the build result metadata (--metadata-file).'),
  iidFile: nonEmpty.optional().describe('Write the image ID to this file (--iidfile).'),
  network: nonEmpty.optional().describe('Network mode for RUN instructions (--network).'),
  builder: nonEmpty.optional().describe('Builder instance to use (--builder).'),
  progress: z.enum(PROGRESS_MODES).default('plain').describe('BuildKit progress output.'),
  addHosts: z
    .array(nonEmpty.regex(/^[^:]+:.+$/, { message: 'must be host:ip' }))
    .default([])
    .describe('Custom host-to-IP mappings, host:ip (--add-host).'),
  allow: list.describe('Extra privileged entitlements, e.g. network.host (--allow).'),
  cgroupParent: nonEmpty
    .optional()
    .describe('Parent cgroup for RUN instructions (--cgroup-parent).'),
  shmSize: nonEmpty
    .optional()
    .describe('Size of /dev/shm for RUN instructions (--shm-size), e.g. 128m.'),
  ulimits: list.describe('Ulimit options (--ulimit), e.g. nofile=1024:1024.'),
});

/** Checks across options; every schema extending {@link buildOptionsObject} applies it. */
export function checkBuildOptions(
  o: { outputs: string[]; load?: boolean; push: boolean },
  ctx: z.RefinementCtx,
): void {
  if (o.outputs.length && (o.load || o.push)) {
    ctx.addIssue({
      code: 'custom',
      path: ['outputs'],
      message: 'outputs cannot be combined with load or push (they are shorthands for outputs)',
    });
  }
}

export const buildOptionsSchema = buildOptionsObject.superRefine(checkBuildOptions);

/** Build options as callers write them (defaults optional). */
export type BuildOptionsInput = z.input<typeof buildOptionsSchema>;
/** Build options after validation, with defaults filled in. */
export type BuildOptions = z.output<typeof buildOptionsSchema>;

export { FOREIGN_SECRET_ITEM, FOREIGN_VALUE_SHAPES } from './foreign-options';
