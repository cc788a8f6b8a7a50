import { CACHE_STRATEGIES, mapValue, platform, secretSchema } from '@nx-buildx/buildx';
import { z } from 'zod';

// Run-time validation of the options documented in schema.json; schema.spec.ts keeps
// the two in step (names, types, defaults, enums).
const text = z.string().trim().min(1);
const list = z.array(text);
const map = z.record(text, mapValue);
const attestation = z.union([z.boolean(), text]);

export const dockerBuildShape = {
  file: text.optional(),
  context: text.default('.'),
  imageName: text.optional(),
  registry: text.optional(),
  tags: list.default(['latest']),
  labels: map.default({}),
  ociLabels: z.boolean().default(true),
  annotations: list.default([]),
  platforms: z.array(platform).default([]),
  buildArgs: map.default({}),
  secrets: z.array(secretSchema).default([]),
  ssh: list.default([]),
  target: text.optional(),
  buildContexts: z.record(text, text).default({}),
  cacheStrategy: z.enum(CACHE_STRATEGIES).default('auto'),
  cacheDir: text.optional(),
  cacheRegistryRef: text.optional(),
  cacheRegistryAttrs: map.default({}),
  cacheS3: z
    .object({ bucket: text, region: text, attrs: map.default({}) })
    .strict()
    .optional(),
  cacheFrom: list.default([]),
  cacheTo: list.default([]),
  noCache: z.boolean().default(false),
  noCacheFilter: list.default([]),
  pull: z.boolean().default(false),
  load: z.boolean().optional(),
  push: z.boolean().default(false),
  outputs: list.default([]),
  provenance: attestation.optional(),
  sbom: attestation.optional(),
  attests: list.default([]),
  metadataFile: text.optional(),
  iidFile: text.optional(),
  network: text.optional(),
  builder: text.optional(),
  progress: z.enum(['auto', 'plain', 'tty', 'quiet', 'rawjson']).optional(),
  addHosts: list.default([]),
  allow: list.default([]),
  cgroupParent: text.optional(),
  shmSize: text.optional(),
  ulimits: list.default([]),
};

export const dockerBuildSchema = z.object(dockerBuildShape).strict();
export type DockerBuildOptions = z.output<typeof dockerBuildSchema>;
