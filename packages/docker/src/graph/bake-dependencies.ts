import type { CreateDependenciesContext, RawProjectGraphDependency } from '@nx/devkit';
import { DependencyType } from '../lib/nx-shim';
import { DOCKER_BAKE, DOCKER_BUILD } from '../lib/executor-names';

/**
 * Edges from each project with a `docker-bake` target using `fromGraph` to the projects
 * it bakes (its `projects` option, else every project with the build target), so
 * `nx affected` counts the bake as affected exactly when one of them is, and
 * `dependsOn: ["^build"]` on the bake target builds their outputs first. Implicit: the
 * target's options say so, no file does. Reads only the project configurations.
 */
export function bakeDependencies(
  context: Pick<CreateDependenciesContext, 'projects'>,
): RawProjectGraphDependency[] {
  const deps: RawProjectGraphDependency[] = [];
  for (const [source, config] of Object.entries(context.projects)) {
    const baked = new Set<string>();
    for (const target of Object.values(config.targets ?? {})) {
      if (target.executor !== DOCKER_BAKE) continue;
      const o = (target.options ?? {}) as Record<string, unknown>;
      if (o.fromGraph !== true) continue;
      const buildTarget = typeof o.buildTarget === 'string' ? o.buildTarget : 'docker-build';
      const listed = Array.isArray(o.projects)
        ? o.projects.filter((p): p is string => typeof p === 'string')
        : [];
      const names = listed.length
        ? listed.filter((p) => context.projects[p])
        : Object.entries(context.projects)
            .filter(([, p]) => p.targets?.[buildTarget]?.executor === DOCKER_BUILD)
            .map(([name]) => name);
      names.filter((n) => n !== source).forEach((n) => baked.add(n));
    }
    for (const target of baked) deps.push({ source, target, type: DependencyType.implicit });
  }
  return deps;
}
