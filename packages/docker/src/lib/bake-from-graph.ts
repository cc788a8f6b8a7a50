import type {
  BakeDefinition,
  BakeTarget,
  BuilderInfo,
  GitInfo,
  ResolvedCache,
} from '@nx-buildx/buildx';
import {
  bakeTargetFromBuild,
  bakeTargetName,
  buildOptionsSchema,
  formatCacheEntry,
  parseDockerfile,
  parseOptions,
  resolveCacheStrategy,
} from '@nx-buildx/buildx';
import type { DockerBuildOptions } from '../executors/docker-build/options';
import type { BuildPlan } from './build-plan';
import { planBuild } from './build-plan';
import type { ProjectFacts } from './project';

export interface GraphProject {
  facts: ProjectFacts;
  options: DockerBuildOptions;
}

export interface GraphBake {
  definition: BakeDefinition;
  plans: Record<string, BuildPlan>;
  caches: Record<string, ResolvedCache>;
  /** For each target, the targets it builds on through `target:` contexts. */
  links: Record<string, string[]>;
}

/**
 * A bake definition from projects' docker-build options. Where a Dockerfile uses another
 * project's image (FROM or COPY --from one of its tags), that reference becomes a
 * `target:` context, so the base is built once, in the same run, and never pulled stale.
 */
export function bakeFromGraph(
  projects: readonly GraphProject[],
  facts: {
    git: GitInfo;
    env: Record<string, string | undefined>;
    now: Date;
    builder: Pick<BuilderInfo, 'name' | 'capabilities'>;
    localExists: (dir: string) => boolean;
    /** Reads a file by its path relative to the workspace root. */
    readFile: (path: string) => string;
  },
): GraphBake {
  const plans: Record<string, BuildPlan> = {};
  for (const p of projects)
    plans[bakeTargetName(p.facts.name)] = planBuild(
      p.options,
      p.facts,
      facts.git,
      facts.env,
      facts.now,
    );

  const owner = new Map<string, string>();
  for (const [target, plan] of Object.entries(plans)) {
    for (const tag of plan.tags) owner.set(tag, target);
    owner.set(plan.image, target); // `FROM image` means image:latest
  }

  const definition: BakeDefinition = {
    group: { default: { targets: Object.keys(plans) } },
    target: {},
  };
  const caches: Record<string, ResolvedCache> = {};
  const links: Record<string, string[]> = {};
  projects.forEach((p) => {
    const name = bakeTargetName(p.facts.name);
    const plan = plans[name] as BuildPlan;
    const contexts: Record<string, string> = {};
    const file = plan.input.build.file as string;
    const info = parseDockerfile(facts.readFile(file), { buildArgs: p.options.buildArgs, file });
    const refs = [...info.stages.map((s) => s.resolvedBase), ...info.copies.map((c) => c.from)];
    for (const ref of refs) {
      const base = ref && owner.get(ref);
      if (base && base !== name) contexts[namedContextKey(ref as string)] = `target:${base}`;
    }
    links[name] = [...new Set(Object.values(contexts).map((c) => c.slice('target:'.length)))];

    const cache = resolveCacheStrategy({
      ...plan.input.cache,
      env: facts.env,
      builder: facts.builder,
      localExists: Boolean(
        plan.input.cache.localDir && facts.localExists(plan.input.cache.localDir),
      ),
    });
    caches[name] = cache;
    const build = parseOptions(buildOptionsSchema, {
      ...plan.input.build,
      buildContexts: { ...plan.input.build.buildContexts, ...contexts },
      cacheFrom: [...cache.cacheFrom.map(formatCacheEntry), ...(plan.input.build.cacheFrom ?? [])],
      cacheTo: [...cache.cacheTo.map(formatCacheEntry), ...(plan.input.build.cacheTo ?? [])],
    });
    definition.target[name] = bakeTargetFromBuild(build) satisfies BakeTarget;
  });
  return { definition, plans, caches, links };
}

/** `names` and every target they build on through `target:` contexts, transitively. */
export function withLinkedTargets(
  names: readonly string[],
  links: Record<string, string[]>,
): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    (links[n] ?? []).forEach(visit);
  };
  names.forEach(visit);
  return [...seen];
}

/**
 * The name under which BuildKit looks up a named context for a FROM or COPY --from
 * reference: its familiar form without `:latest` (dockerui's NamedContext normalises the
 * reference this way), so `reg:5000/base:latest` must be keyed `reg:5000/base`.
 */
export function namedContextKey(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '').replace(/:latest$/, '');
}
