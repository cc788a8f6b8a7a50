import { z } from 'zod';
import { formatKeyValues } from '../cache/csv';
import { formatCacheEntry } from '../cache/entry';
import type { BuildOptions } from '../build/options';

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

/** The bake target that builds what `docker buildx build` would with these options. */
export function bakeTargetFromBuild(o: BuildOptions): BakeTarget {
  const t: BakeTarget = { context: o.context };
  const set = <K extends keyof BakeTarget>(
    key: K,
    value: BakeTarget[K] | undefined,
    keep = true,
  ) => {
    if (value !== undefined && keep) t[key] = value;
  };
  set('dockerfile', o.file);
  set('tags', o.tags, o.tags.length > 0);
  set('labels', o.labels, Object.keys(o.labels).length > 0);
  set('annotations', o.annotations, o.annotations.length > 0);
  set('platforms', o.platforms, o.platforms.length > 0);
  set('args', o.buildArgs, Object.keys(o.buildArgs).length > 0);
  set(
    'secret',
    o.secrets.map((s) =>
      formatKeyValues([['id', s.id], s.src ? ['src', s.src] : ['env', s.env ?? '']]),
    ),
    o.secrets.length > 0,
  );
  set('ssh', o.ssh, o.ssh.length > 0);
  set('target', o.target);
  set('contexts', o.buildContexts, Object.keys(o.buildContexts).length > 0);
  set('cache-from', o.cacheFrom.map(formatCacheEntry), o.cacheFrom.length > 0);
  set('cache-to', o.cacheTo.map(formatCacheEntry), o.cacheTo.length > 0);
  set('no-cache', o.noCache, o.noCache);
  set('no-cache-filter', o.noCacheFilter, o.noCacheFilter.length > 0);
  set('pull', o.pull, o.pull);
  const outputs = [
    ...o.outputs,
    ...(o.push ? ['type=registry'] : []),
    ...(o.load ? ['type=docker'] : []),
  ];
  set('output', outputs, outputs.length > 0);
  set('attest', o.attests, o.attests.length > 0);
  set('shm-size', o.shmSize);
  set('ulimits', o.ulimits, o.ulimits.length > 0);
  return t;
}
