import { z } from 'zod';

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

/**
 * Everything a `docker buildx build` takes that users of docker/build-push-action expect.
 * Paths are as the docker CLI reads them (relative to `cwd` of the run).
 */
export const buildOptionsSchema = z
  .object({
    context: nonEmpty,
    file: nonEmpty.optional(),
    tags: z.array(nonEmpty).default([]),
    labels: z.record(nonEmpty, mapValue).default({}),
    annotations: z.array(nonEmpty).default([]),
    platforms: z.array(platform).default([]),
    buildArgs: z.record(nonEmpty, mapValue).default({}),
    secrets: z.array(secretSchema).default([]),
    ssh: z.array(nonEmpty).default([]),
    target: nonEmpty.optional(),
    buildContexts: z.record(nonEmpty, nonEmpty).default({}),
    cacheFrom: z.array(nonEmpty).default([]),
    cacheTo: z.array(nonEmpty).default([]),
    noCache: z.boolean().default(false),
    noCacheFilter: z.array(nonEmpty).default([]),
    pull: z.boolean().default(false),
    load: z.boolean().default(false),
    push: z.boolean().default(false),
    outputs: z.array(nonEmpty).default([]),
    provenance: attestation.optional(),
    sbom: attestation.optional(),
    attests: z.array(nonEmpty).default([]),
    metadataFile: nonEmpty.optional(),
    iidFile: nonEmpty.optional(),
    network: nonEmpty.optional(),
    builder: nonEmpty.optional(),
    progress: z.enum(['auto', 'plain', 'tty', 'quiet', 'rawjson']).default('plain'),
    addHosts: z.array(nonEmpty.regex(/^[^:]+:.+$/, { message: 'must be host:ip' })).default([]),
    allow: z.array(nonEmpty).default([]),
    cgroupParent: nonEmpty.optional(),
    shmSize: nonEmpty.optional(),
    ulimits: z.array(nonEmpty).default([]),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.outputs.length && (o.load || o.push)) {
      ctx.addIssue({
        code: 'custom',
        path: ['outputs'],
        message: 'outputs cannot be combined with load or push (they are shorthands for outputs)',
      });
    }
  });

/** Build options as callers write them (defaults optional). */
export type BuildOptionsInput = z.input<typeof buildOptionsSchema>;
/** Build options after validation, with defaults filled in. */
export type BuildOptions = z.output<typeof buildOptionsSchema>;
