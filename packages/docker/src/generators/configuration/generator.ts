import type { ProjectConfiguration, TargetConfiguration, Tree } from '@nx/devkit';
import {
  addProjectConfiguration,
  getProjects,
  logger,
  updateProjectConfiguration,
} from '@nx/devkit';
import { GeneratorRefusedError } from '@nx-buildx/buildx';
import { isDeepStrictEqual } from 'node:util';
import { imageNameOfProject, variantTargetName } from '../../image/dockerfile-names';
import { pickDockerfile } from '../lib/pick-dockerfile';
import { pluginOptionsOf } from '../lib/plugin-entry';
import { knownTargets, readProject } from '../lib/project-targets';
import { finish, generatorOptions } from '../lib/run-generator';
import { configurationSchema } from './options';
import { bakeTarget, imageTargets } from './targets';

/** Name of the project a workspace-level docker-bake target goes into when there is none at the root. */
export const ROOT_PROJECT_FALLBACK = 'workspace';
const BAKE_TARGET = 'docker-bake';

/**
 * Writes explicit docker targets into a project's configuration, named and built as the
 * graph plugin would infer them (its nx.json options fill what is not given). Existing
 * targets that differ are refused unless --force; identical ones are left alone, so a
 * second run changes nothing.
 */
export async function configurationGenerator(tree: Tree, raw: unknown): Promise<void> {
  const o = generatorOptions('configuration', configurationSchema, raw);
  const project = readProject(tree, o.project, 'configuration');
  const dockerfile = pickDockerfile(tree, o.project, project, o.dockerfile, 'configuration');
  const plugin = pluginOptionsOf(tree);
  const variant = dockerfile.variant;
  const buildName = o.buildTargetName ?? variantTargetName(plugin.buildTargetName, variant);
  const freshName = o.freshTargetName ?? variantTargetName(plugin.freshTargetName, variant);
  const imageName =
    o.imageName ??
    plugin.imageName.replace(/\{projectName\}/g, imageNameOfProject(o.project)) +
      (variant ? `-${variant}` : '');
  const targets = knownTargets(tree, o.project, project);
  const buildTarget = o.buildTarget ?? ('build' in targets ? 'build' : undefined);
  const cacheStrategy = o.cacheStrategy ?? plugin.cacheStrategy ?? 'auto';
  const { build, fresh } = imageTargets({
    file: dockerfile.file,
    imageName,
    registry: o.registry ?? plugin.registry,
    tags: plugin.tags,
    cacheStrategy,
    buildTarget,
  });

  const wanted: Record<string, TargetConfiguration> = { [buildName]: build, [freshName]: fresh };
  const conflicts = Object.keys(wanted).filter(
    (name) => project.targets?.[name] && !isDeepStrictEqual(project.targets[name], wanted[name]),
  );
  const bake = o.bake ? bakePlan(tree, o.project, buildName, buildTarget) : undefined;
  if (bake?.conflict) conflicts.push(`${bake.projectName}:${BAKE_TARGET}`);
  if (conflicts.length && !o.force)
    throw new GeneratorRefusedError(
      'configuration',
      `${conflicts.join(', ')} already exist${conflicts.length === 1 ? 's' : ''} and differ${conflicts.length === 1 ? 's' : ''} from what would be written; nothing was changed.`,
      'Run again with --force to replace them, or choose other names with --buildTargetName / --freshTargetName.',
    );

  const changed = Object.keys(wanted).filter(
    (name) => !isDeepStrictEqual(project.targets?.[name], wanted[name]),
  );
  if (changed.length)
    updateProjectConfiguration(tree, o.project, {
      ...project,
      targets: { ...project.targets, ...wanted },
    });
  const said = changed.length
    ? `${o.project}: wrote ${buildName} (image ${imageName}, cache strategy ${cacheStrategy}${buildTarget ? `, after ${buildTarget}` : ''}) and ${freshName} from ${dockerfile.file} into ${project.root}/project.json.`
    : `${o.project}: ${buildName} and ${freshName} are already as they would be written.`;
  logger.info(`@nx-buildx/docker:configuration: ${said}`);
  if (bake) writeBake(tree, bake, o.force);
  await finish(tree, o);
}

interface BakePlan {
  projectName: string;
  root?: ProjectConfiguration;
  target: TargetConfiguration;
  conflict: boolean;
  unchanged: boolean;
}

/** The workspace docker-bake target with this project added, in the project at the root. */
function bakePlan(
  tree: Tree,
  project: string,
  buildName: string,
  buildTarget: string | undefined,
): BakePlan {
  const rootEntry = [...getProjects(tree)].find(([, p]) => p.root === '.' || p.root === '');
  const [projectName, root] = rootEntry ?? [ROOT_PROJECT_FALLBACK, undefined];
  const existing = root?.targets?.[BAKE_TARGET];
  const merged = bakeTarget(existing, project, buildName, buildTarget);
  const replacement = bakeTarget(undefined, project, buildName, buildTarget)!;
  return {
    projectName,
    root,
    target: merged ?? replacement,
    conflict: !merged,
    unchanged: !!merged && isDeepStrictEqual(existing, merged),
  };
}

function writeBake(tree: Tree, plan: BakePlan, force: boolean): void {
  if (plan.conflict && !force) return; // refused above
  if (plan.unchanged) {
    logger.info(
      `@nx-buildx/docker:configuration: ${plan.projectName}:${BAKE_TARGET} already bakes it.`,
    );
    return;
  }
  if (plan.root)
    updateProjectConfiguration(tree, plan.projectName, {
      ...plan.root,
      targets: { ...plan.root.targets, [BAKE_TARGET]: plan.target },
    });
  else
    addProjectConfiguration(tree, plan.projectName, {
      root: '.',
      targets: { [BAKE_TARGET]: plan.target },
    });
  const projects = (plan.target.options as { projects: string[] }).projects;
  logger.info(
    `@nx-buildx/docker:configuration: ${plan.projectName}:${BAKE_TARGET} (project.json at the workspace root) bakes ${projects.join(', ')} from the graph after their builds.`,
  );
}

export default configurationGenerator;
