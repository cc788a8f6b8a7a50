import { posix } from 'node:path';
import { z } from 'zod';
import { optionFlags } from '../build/argv';
import type { BuildOptions } from '../build/options';
import { buildOptionsObject, buildxFlags } from '../build/options';
import type { BuildxVersion } from '../builder/version';
import { atLeast } from '../builder/version';

/** One bake target, in bake's own JSON field names (docs.docker.com/build/bake/reference). */
export const bakeTargetSchema = z
  .object({
    context: z.string().optional(),
    dockerfile: z.string().optional(),
    tags: z.array(z.string()).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.array(z.string()).optional(),
    platforms: z.array(z.string()).optional(),
    args: z.record(z.string(), z.string()).optional(),
    secret: z.array(z.string()).optional(),
    ssh: z.array(z.string()).optional(),
    target: z.string().optional(),
    /** Named contexts; `target:NAME` builds another bake target and uses its result. */
    contexts: z.record(z.string(), z.string()).optional(),
    'cache-from': z.array(z.string()).optional(),
    'cache-to': z.array(z.string()).optional(),
    'no-cache': z.boolean().optional(),
    'no-cache-filter': z.array(z.string()).optional(),
    pull: z.boolean().optional(),
    output: z.array(z.string()).optional(),
    attest: z.array(z.string()).optional(),
    'shm-size': z.string().optional(),
    network: z.string().optional(),
    ulimits: z.array(z.string()).optional(),
    inherits: z.array(z.string()).optional(),
  })
  .passthrough();
export type BakeTarget = z.infer<typeof bakeTargetSchema>;

export const bakeDefinitionSchema = z.object({
  /** Bake variables; one without a default is read from bake's environment. */
  variable: z
    .record(z.string(), z.object({ default: z.string().optional() }).passthrough())
    .optional(),
  group: z.record(z.string(), z.object({ targets: z.array(z.string()) }).passthrough()).optional(),
  target: z.record(z.string(), bakeTargetSchema),
});
export type BakeDefinition = z.infer<typeof bakeDefinitionSchema>;

/** A bake target name: bake accepts letters, digits, `-` and `_`. */
export function bakeTargetName(name: string): string {
  return name.replace(/^@/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
}

/**
 * The bake target that builds what `docker buildx build` would with these options: each
 * option with a `bake` field in its flag (see buildOptionsObject) maps to it; load and
 * push become outputs. Empty lists and maps and false switches are left out.
 */
export function bakeTargetFromBuild(o: BuildOptions): BakeTarget {
  const t: Record<string, unknown> = { context: o.context };
  for (const [how, value] of optionFlags(o)) {
    if (!how.bake || value === false || isEmpty(value)) continue;
    t[how.bake] = Array.isArray(value)
      ? value.map((v) => (how.format ? how.format(v as never) : v))
      : value;
  }
  const outputs = [
    ...o.outputs,
    ...(o.push ? ['type=registry'] : []),
    ...(o.load ? ['type=docker'] : []),
  ];
  if (typeof t.dockerfile === 'string') t.dockerfile = dockerfileOfTarget(t.dockerfile, o.context);
  if (outputs.length) t.output = outputs;
  const attest = [...((t.attest as string[] | undefined) ?? []), ...attestations(o)];
  if (attest.length) t.attest = attest;
  return t as BakeTarget;
}

/**
 * `--file` is read from the working directory, a bake target's relative `dockerfile` from
 * its context (buildx joins the two): `apps/api/Dockerfile` with context `apps/api` would
 * be `apps/api/apps/api/Dockerfile`. So it is written relative to the context, or with
 * bake's `cwd://` (its working directory) where no relative path can say it.
 */
function dockerfileOfTarget(file: string, context: string): string {
  const remote =
    context === '-' || /^[a-z][\w+.-]*:\/\//i.test(context) || context.startsWith('git@');
  if (remote || posix.isAbsolute(file)) return file;
  if (posix.isAbsolute(context)) return `cwd://${file}`;
  return posix.relative(context, file) || file;
}

/** Bake has no provenance/sbom fields: `--provenance`/`--sbom` become `attest` entries. */
function attestations(o: BuildOptions): string[] {
  const entry = (type: string, value: boolean | string | undefined) =>
    value === undefined
      ? []
      : [
          value === false
            ? `type=${type},disabled=true`
            : value === true
              ? `type=${type}`
              : `type=${type},${value}`,
        ];
  return [...entry('provenance', o.provenance), ...entry('sbom', o.sbom)];
}

/** Options a bake run carries outside the target: outputs, attest, run flags, metadata. */
const BAKED_ELSEWHERE = new Set([
  'load',
  'push',
  'provenance',
  'sbom',
  'builder',
  'progress',
  'metadataFile',
]);

/**
 * The options of `o` a bake target of this buildx cannot carry, each with the reason:
 * no bake field (`iidFile`, `addHosts`, …), or a field newer than this buildx (`network`
 * before 0.17). A caller builds such an image with `docker buildx build` or refuses it:
 * never bakes it without them. `version` may be left out when {@link needsBakeVersion}
 * says no option of `o` depends on it.
 */
export function bakeGaps(o: BuildOptions, version?: BuildxVersion): string[] {
  const gaps: string[] = [];
  for (const [name, schema] of Object.entries(buildOptionsObject.shape)) {
    const how = buildxFlags.get(schema);
    const value = o[name as keyof BuildOptions];
    if (!how || value === undefined || value === false || isEmpty(value)) continue;
    if (BAKED_ELSEWHERE.has(name)) continue;
    if (!how.bake) gaps.push(`${name} (bake has no field for ${how.flag})`);
    else if (how.bakeSince && version && !atLeast(version, how.bakeSince))
      gaps.push(
        `${name} (bake reads "${how.bake}" from buildx ${how.bakeSince}; this is ${version.major}.${version.minor}.${version.patch})`,
      );
  }
  return gaps;
}

/** Whether any option of `o` is one only newer bakes read: the buildx version is needed then. */
export function needsBakeVersion(o: BuildOptions): boolean {
  return Object.entries(buildOptionsObject.shape).some(([name, schema]) => {
    const value = o[name as keyof BuildOptions];
    return Boolean(buildxFlags.get(schema)?.bakeSince) && value !== undefined && !isEmpty(value);
  });
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}
