import { rejoinCsvFragments } from './cli-lists';
import { z } from 'zod';
import type { CacheEntry } from '../cache/entry';
import { formatKeyValues } from '../cache/csv';
import { CACHE_TYPES, formatCacheEntry, parseCacheEntry } from '../cache/entry';
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
    id: nonEmpty.describe('The id a RUN --mount=type=secret,id=<id> reads it by.'),
    src: nonEmpty.optional().describe('A file whose content is the secret.'),
    env: nonEmpty.optional().describe('An environment variable whose value is the secret.'),
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
/** A list whose entries are CSV (`type=…,key=value`): fragments Nx split off are rejoined. */
const csvList = z.array(nonEmpty).overwrite(rejoinCsvFragments).default([]);

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
      z.union([
        z.strictObject({ type: z.enum(CACHE_TYPES), attrs: z.record(z.string(), z.string()) }),
        z.string(),
      ]),
    )
    .overwrite(rejoinCsvFragments)
    .transform((entries, ctx) =>
      entries.map((entry) =>
        typeof entry === 'string' ? readCacheEntry(direction)(entry, ctx) : entry,
      ),
    )
    .default([]);
const stringMap = z.record(nonEmpty, mapValue).default({});

/** How one option is written for `docker buildx build` and in a bake target. */
export interface BuildxFlag {
  /** The CLI flag, e.g. `--label`. Lists repeat it; maps write `key=value` per entry. */
  flag: string;
  /** Bake's field for it (docs.docker.com/build/bake/reference); without: not in bake. */
  bake?: string;
  /** The first buildx whose bake reads that field (an older one refuses the definition). */
  bakeSince?: string;
  /** One comma-separated argument for a list (`--platform a,b`). */
  joined?: boolean;
  /** One `--flag=value` argument (attestations read `--provenance true` wrongly). */
  inline?: boolean;
  /** Writes one entry of a list of objects (a secret, a cache entry). */
  format?: (entry: never) => string;
}

/** Each option's flag: argv and the bake mapping are derived from it, in shape order. */
export const buildxFlags = z.registry<BuildxFlag>();
/** Declares how an option reaches buildx; call it last (a later `.describe()` is a new schema). */
const flag = <S extends z.ZodType>(schema: S, how: BuildxFlag): S => {
  buildxFlags.add(schema, how);
  return schema;
};

/** `id=npm,src=/run/npmrc`: one `--secret` value. */
export function formatSecret(s: Secret): string {
  return formatKeyValues([['id', s.id], s.src ? ['src', s.src] : ['env', s.env ?? '']]);
}

/**
 * Everything a `docker buildx build` takes that users of docker/build-push-action expect,
 * each with the description users read (the executors' schema.json is generated from it)
 * and its flag (argv and the bake mapping follow from it, in this order). Adding an
 * option is one entry here. Paths are as the docker CLI reads them (relative to `cwd` of
 * the run). Extendable: refinements live in {@link buildOptionsSchema}.
 */
export const buildOptionsObject = z.strictObject({
  context: nonEmpty.describe(
    'Build context (the PATH argument of docker buildx build, written last).',
  ),
  builder: flag(
    nonEmpty
      .optional()
      .describe(
        'Builder instance to use (--builder), or a docker context (e.g. a remote engine: docker context create NAME --docker host=tcp://…), whose engine then runs the build.',
      )
      .meta({ examples: ['ci-builder'] }),
    {
      flag: '--builder',
    },
  ),
  file: flag(
    nonEmpty
      .optional()
      .describe('Dockerfile path (--file). Default: <context>/Dockerfile.')
      .meta({ examples: ['apps/api/Dockerfile.prod'] }),
    { flag: '--file', bake: 'dockerfile' },
  ),
  tags: flag(list.describe('Image references to tag the result with (--tag), e.g. acme/api:1.2.'), {
    flag: '--tag',
    bake: 'tags',
  }),
  labels: flag(
    stringMap
      .describe('Image labels (--label).')
      .meta({ examples: [{ 'org.opencontainers.image.vendor': 'Acme' }] }),
    { flag: '--label', bake: 'labels' },
  ),
  annotations: flag(
    list.describe(
      'OCI annotations (--annotation), e.g. index:org.opencontainers.image.description=API.',
    ),
    { flag: '--annotation', bake: 'annotations' },
  ),
  platforms: flag(
    z.array(platform).default([]).describe('Target platforms, e.g. linux/amd64, linux/arm64.'),
    { flag: '--platform', bake: 'platforms', joined: true },
  ),
  buildArgs: flag(
    stringMap
      .describe(
        'Build arguments (--build-arg). Their values are stored in the image (docker history): names like *TOKEN*, *PASSWORD*, *SECRET*, *_KEY, *AUTH* are warned about and redacted from printed commands; pass credentials as secrets.',
      )
      .meta({ examples: [{ NODE_ENV: 'production' }] }),
    { flag: '--build-arg', bake: 'args' },
  ),
  secrets: flag(
    z
      .array(secretSchema)
      .default([])
      .describe(
        'Build secrets: {id, src} for a file or {id, env} for an environment variable (--secret); read with RUN --mount=type=secret,id=<id>. An unset or empty variable or a missing file fails before building.',
      )
      .meta({ examples: [[{ id: 'npm', env: 'NPM_TOKEN' }]] }),
    { flag: '--secret', bake: 'secret', format: formatSecret },
  ),
  ssh: flag(list.describe('SSH agent sockets or keys to expose (--ssh), e.g. default.'), {
    flag: '--ssh',
    bake: 'ssh',
  }),
  target: flag(
    nonEmpty
      .optional()
      .describe('Stage to build (--target).')
      .meta({ examples: ['runtime'] }),
    {
      flag: '--target',
      bake: 'target',
    },
  ),
  buildContexts: flag(
    z
      .record(nonEmpty, nonEmpty)
      .default({})
      .describe(
        'Additional named contexts (--build-context name=path|docker-image://ref|target:name).',
      )
      .meta({ examples: [{ shared: 'libs/shared' }] }),
    { flag: '--build-context', bake: 'contexts' },
  ),
  cacheFrom: flag(
    cacheEntries('from').describe(
      'Cache sources (--cache-from): type=…,key=value text, e.g. type=gha,scope=api, or {type, attrs}.',
    ),
    { flag: '--cache-from', bake: 'cache-from', format: formatCacheEntry },
  ),
  cacheTo: flag(
    cacheEntries('to').describe(
      'Cache destinations (--cache-to): type=…,key=value text, e.g. type=local,dest=dir,mode=max, or {type, attrs}.',
    ),
    { flag: '--cache-to', bake: 'cache-to', format: formatCacheEntry },
  ),
  noCache: flag(
    z.boolean().default(false).describe('Do not use cache when building (--no-cache).'),
    { flag: '--no-cache', bake: 'no-cache' },
  ),
  noCacheFilter: flag(
    list
      .describe('Stages not to take from cache (--no-cache-filter).')
      .meta({ examples: [['deps']] }),
    {
      flag: '--no-cache-filter',
      bake: 'no-cache-filter',
    },
  ),
  pull: flag(
    z.boolean().default(false).describe('Always pull newer versions of base images (--pull).'),
    { flag: '--pull', bake: 'pull' },
  ),
  // load and push are bake outputs (type=docker, type=registry): see bakeTargetFromBuild.
  load: flag(z.boolean().default(false).describe('Load the image into the engine (--load).'), {
    flag: '--load',
  }),
  push: flag(z.boolean().default(false).describe('Push the image to its registry (--push).'), {
    flag: '--push',
  }),
  outputs: flag(
    csvList
      .describe(
        'Output destinations (--output), e.g. type=tar,dest=image.tar; not with load or push.',
      )
      .meta({ examples: [['type=tar,dest=dist/api.tar']] }),
    { flag: '--output', bake: 'output' },
  ),
  provenance: flag(
    attestation
      .optional()
      .describe('Provenance attestation: true, false or a spec such as mode=max (--provenance).'),
    { flag: '--provenance', inline: true },
  ),
  sbom: flag(attestation.optional().describe('SBOM attestation: true, false or a spec (--sbom).'), {
    flag: '--sbom',
    inline: true,
  }),
  attests: flag(
    csvList
      .describe('Other attestations (--attest).')
      .meta({ examples: [['type=provenance,mode=max']] }),
    {
      flag: '--attest',
      bake: 'attest',
    },
  ),
  metadataFile: flag(
    nonEmpty
      .optional()
      .describe('Where buildx writes the build result metadata (--metadata-file).')
      .meta({ examples: ['dist/buildx-metadata.json'] }),
    { flag: '--metadata-file' },
  ),
  iidFile: flag(
    nonEmpty
      .optional()
      .describe('Write the image ID to this file (--iidfile).')
      .meta({ examples: ['dist/api.iid'] }),
    {
      flag: '--iidfile',
    },
  ),
  network: flag(
    nonEmpty
      .optional()
      .describe('Network mode for RUN instructions (--network).')
      .meta({ examples: ['host'] }),
    // Bake's target `network` key: docker/buildx 83d5c0c ("bake: allow setting networkmode
    // in HCL/JSON"), first released in v0.17.0; before, the field was compose-only.
    { flag: '--network', bake: 'network', bakeSince: '0.17.0' },
  ),
  addHosts: flag(
    z
      .array(nonEmpty.regex(/^[^:]+:.+$/, { message: 'must be host:ip' }))
      .default([])
      .describe('Custom host-to-IP mappings, host:ip (--add-host).')
      .meta({ examples: [['db.internal:10.0.0.5']] }),
    { flag: '--add-host' },
  ),
  allow: flag(list.describe('Extra privileged entitlements, e.g. network.host (--allow).'), {
    flag: '--allow',
  }),
  cgroupParent: flag(
    nonEmpty
      .optional()
      .describe('Parent cgroup for RUN instructions (--cgroup-parent).')
      .meta({ examples: ['ci-builds'] }),
    { flag: '--cgroup-parent' },
  ),
  shmSize: flag(
    nonEmpty.optional().describe('Size of /dev/shm for RUN instructions (--shm-size), e.g. 128m.'),
    { flag: '--shm-size', bake: 'shm-size' },
  ),
  ulimits: flag(list.describe('Ulimit options (--ulimit), e.g. nofile=1024:1024.'), {
    flag: '--ulimit',
    bake: 'ulimits',
  }),
  progress: flag(z.enum(PROGRESS_MODES).default('plain').describe('BuildKit progress output.'), {
    flag: '--progress',
  }),
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
