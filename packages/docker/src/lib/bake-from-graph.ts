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
  moveSecretArgsToEnv,
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
  /** The project's docker-build options, or why they are invalid. */
  options: DockerBuildOptions | Error;
}

export interface GraphBake {
  /** The selected targets and every target they build on, nothing else. */
  definition: BakeDefinition;
  plans: Record<string, BuildPlan>;
  caches: Record<string, ResolvedCache>;
  /** For each target, the targets it builds on through `target:` contexts. */
  links: Record<string, string[]>;
  /** Values of secret-like build args, kept out of the definition: pass to bake's environment. */
  env: Record<string, string>;
}

export interface GraphFacts {
  git: GitInfo;
  env: Record<string, string | undefined>;
  now: Date;
  builder: Pick<BuilderInfo, 'name' | 'capabilities'>;
  localExists: (dir: string) => boolean;
  /** Reads a file by its path relative to the workspace root. */
  readFile: (path: string) => string;
}

/**
 * A bake definition from projects' docker-build options, for `selected` projects (all
 * by default) and the projects their images build on. Where a Dockerfile uses another
 * project's image (FROM or COPY --from one of its tags), that reference becomes a
 * `target:` context, so the base is built once, in the same run, and never pulled stale.
 * A project that is broken (bad options, no Dockerfile) fails the bake only if it is
 * part of it. Values of secret-like build args stay out of the definition (it is written
 * to disk) and come back through `env`.
 */
export function bakeFromGraph(
  projects: readonly GraphProject[],
  facts: GraphFacts,
  selected?: readonly string[],
): GraphBake {
  const plans: Record<string, BuildPlan> = {};
  const broken = new Map<string, Error>();
  const options = new Map<string, DockerBuildOptions>();
  for (const p of projects) {
    const name = bakeTargetName(p.facts.name);
    try {
      if (p.options instanceof Error) throw p.options;
      plans[name] = planBuild(p.options, p.facts, facts.git, facts.env, facts.now);
      options.set(name, p.options);
    } catch (err) {
      broken.set(name, err as Error);
    }
  }
  const owner = new Map<string, string>();
  for (const [target, plan] of Object.entries(plans)) {
    for (const tag of plan.tags) owner.set(tag, target);
    owner.set(plan.image, target); // `FROM image` means image:latest
  }

  const result: GraphBake = {
    definition: { group: { default: { targets: [] } }, target: {} },
    plans: {},
    caches: {},
    links: {},
    env: {},
  };
  const visit = (name: string) => {
    if (result.plans[name]) return;
    const plan = plans[name];
    if (!plan)
      throw broken.get(name) ?? new Error(`no project "${name}" with a docker-build target`);
    result.plans[name] = plan;
    const file = plan.input.build.file as string;
    const info = parseDockerfile(facts.readFile(file), {
      buildArgs: options.get(name)?.buildArgs,
      file,
    });
    const contexts: Record<string, string> = {};
    for (const ref of [
      ...info.stages.map((st) => st.resolvedBase),
      ...info.copies.map((c) => c.from),
    ]) {
      const base = ref && owner.get(ref);
      if (base && base !== name) contexts[namedContextKey(ref as string)] = `target:${base}`;
    }
    result.links[name] = [
      ...new Set(Object.values(contexts).map((c) => c.slice('target:'.length))),
    ];
    const localDir = plan.input.cache.localDir;
    const cache = resolveCacheStrategy({
      ...plan.input.cache,
      env: facts.env,
      builder: facts.builder,
      localExists: Boolean(localDir && facts.localExists(localDir)),
    });
    result.caches[name] = cache;
    const build = parseOptions(buildOptionsSchema, {
      ...plan.input.build,
      buildContexts: { ...plan.input.build.buildContexts, ...contexts },
      cacheFrom: [...cache.cacheFrom.map(formatCacheEntry), ...(plan.input.build.cacheFrom ?? [])],
      cacheTo: [...cache.cacheTo.map(formatCacheEntry), ...(plan.input.build.cacheTo ?? [])],
    });
    result.definition.target[name] = bakeTargetFromBuild(build) satisfies BakeTarget;
    result.definition.group?.default?.targets.push(name);
    result.links[name].forEach(visit);
  };
  (selected?.map(bakeTargetName) ?? projects.map((p) => bakeTargetName(p.facts.name))).forEach(
    visit,
  );
  const { definition, env } = moveSecretArgsToEnv(result.definition);
  return { ...result, definition, env };
}

/**
 * The name under which BuildKit looks up a named context for a FROM or COPY --from
 * reference: its familiar form without `:latest` (dockerui's NamedContext normalises the
 * reference this way), so `reg:5000/base:latest` must be keyed `reg:5000/base`.
 */
export function namedContextKey(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '').replace(/:latest$/, '');
}
