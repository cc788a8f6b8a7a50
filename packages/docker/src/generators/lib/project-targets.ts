import type { ProjectConfiguration, TargetConfiguration, Tree } from '@nx/devkit';
import { getProjects, readCachedProjectGraph, workspaceRoot } from '@nx/devkit';
import { GeneratorRefusedError } from '@nx-buildx/buildx';
import { resolve } from 'node:path';

/**
 * A project's targets as a generator can know them: those in project.json / package.json,
 * plus, when the tree is the real workspace, the inferred ones from Nx's cached project
 * graph (a build target another plugin infers is in no file). Never fails: without a
 * cached graph only the files' targets count.
 */
export function knownTargets(
  tree: Tree,
  name: string,
  project: ProjectConfiguration,
): Record<string, TargetConfiguration> {
  let inferred: Record<string, TargetConfiguration> = {};
  if (resolve(tree.root) === resolve(workspaceRoot)) {
    try {
      inferred = readCachedProjectGraph().nodes[name]?.data.targets ?? {};
    } catch {
      // no graph computed yet: the files' targets are all we know
    }
  }
  return { ...inferred, ...(project.targets ?? {}) };
}

/** The project's configuration, or a refusal naming the projects there are. */
export function readProject(tree: Tree, name: string, generator: string): ProjectConfiguration {
  const projects = getProjects(tree);
  const project = projects.get(name);
  if (project) return project;
  const names = [...projects.keys()].sort();
  throw new GeneratorRefusedError(
    generator,
    `there is no project named "${name}".`,
    names.length
      ? `Projects: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}. Pass one with --project.`
      : 'Create the project first (e.g. nx g @nx/node:app), then run this again.',
  );
}
