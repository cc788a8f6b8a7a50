import type { TargetConfiguration } from '@nx/devkit';
import { DOCKER_BAKE, DOCKER_BUILD, DOCKER_FRESH_BUILD } from '../../lib/executor-names';

export interface ImageTargetsInput {
  file: string;
  imageName: string;
  registry?: string;
  tags?: string[];
  cacheStrategy: string;
  /** The project's target the image is built from (dependsOn), if any. */
  buildTarget?: string;
}

/** The explicit docker-build and docker-fresh-build targets of one Dockerfile. Pure. */
export function imageTargets(i: ImageTargetsInput): {
  build: TargetConfiguration;
  fresh: TargetConfiguration;
} {
  const options = {
    file: i.file,
    imageName: i.imageName,
    ...(i.registry ? { registry: i.registry } : {}),
    ...(i.tags ? { tags: i.tags } : {}),
    // The fresh build resets the store of this strategy, so both name it.
    cacheStrategy: i.cacheStrategy,
  };
  const dependsOn = i.buildTarget ? { dependsOn: [i.buildTarget] } : {};
  return {
    build: { executor: DOCKER_BUILD, ...dependsOn, options },
    fresh: { executor: DOCKER_FRESH_BUILD, ...dependsOn, options: { ...options } },
  };
}

type DependsOnEntry = { target: string; projects: string[] };

/**
 * The workspace docker-bake target with `project` added: it bakes the listed projects'
 * images from the graph (their `buildTargetName` options) after their builds. An existing
 * bake target of ours keeps its projects; undefined when `existing` is not ours or bakes
 * through another build target, which the caller reports as a conflict.
 */
export function bakeTarget(
  existing: TargetConfiguration | undefined,
  project: string,
  buildTargetName: string,
  buildTarget: string | undefined,
): TargetConfiguration | undefined {
  const old = existing?.options as
    { fromGraph?: boolean; projects?: string[]; buildTarget?: string } | undefined;
  if (existing && (existing.executor !== DOCKER_BAKE || old?.fromGraph !== true)) return undefined;
  if (existing && (old?.buildTarget ?? 'docker-build') !== buildTargetName) return undefined;
  const projects = [...new Set([...(old?.projects ?? []), project])].sort();
  const isEntry = (d: unknown): d is DependsOnEntry =>
    !!d && typeof d === 'object' && Array.isArray((d as DependsOnEntry).projects);
  const before = (existing?.dependsOn ?? []) as unknown[];
  const deps = before.filter(isEntry).map((d) => ({ ...d, projects: [...d.projects] }));
  const others = before.filter((d) => !isEntry(d));
  if (buildTarget) {
    const entry = deps.find((d) => d.target === buildTarget);
    if (entry) entry.projects = [...new Set([...entry.projects, project])].sort();
    else deps.push({ target: buildTarget, projects: [project] });
  }
  const dependsOn = [
    ...others,
    ...deps.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0)),
  ];
  return {
    ...existing,
    executor: DOCKER_BAKE,
    ...(dependsOn.length ? { dependsOn } : {}),
    options: { ...old, fromGraph: true, projects, buildTarget: buildTargetName },
  } as TargetConfiguration;
}
