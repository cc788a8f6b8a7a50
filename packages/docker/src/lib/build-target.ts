import type { ExecutorContext } from '@nx/devkit';
import { InvalidOptionError, parseOptions, routeToBuilderContext } from '@nx-buildx/buildx';
import type { DockerBuildOptions } from '../image/options';
import { dockerBuildSchema } from '../image/options';
import { type BuildPlan, planBuild } from '../image/build-plan';
import { gitFacts } from './git-facts';
import type { ProjectFacts } from '../image/project';

/**
 * The validated options of the project's build target (`docker-build` or another name):
 * executors that use the image a build makes (docker-run, release-publish) name and build
 * it exactly as that target does, from one place in project.json.
 */
export function buildTargetOptions(
  context: ExecutorContext,
  target: string,
  overrides: Partial<Record<keyof DockerBuildOptions, unknown>> = {},
): DockerBuildOptions {
  const project = context.projectName ?? '';
  const config = context.projectsConfigurations?.projects[project]?.targets?.[target];
  if (!config)
    throw new InvalidOptionError(
      [
        {
          path: 'buildTarget',
          message: `project ${project} has no target "${target}": name the target that builds its image (its executor is @nx-buildx/docker:docker-build)`,
        },
      ],
      `options of ${context.targetName ?? 'this target'}`,
    );
  return parseOptions(
    dockerBuildSchema,
    { ...(config.options ?? {}), ...overrides },
    `options of ${project}:${target}`,
  );
}

/**
 * The plan of the project's build target, made as that target makes it (git read only
 * when its options use it): the image and tags docker-run and release-publish work on.
 */
export async function planOfBuildTarget(
  context: ExecutorContext,
  project: ProjectFacts,
  target: string,
  overrides: Partial<Record<keyof DockerBuildOptions, unknown>> = {},
): Promise<BuildPlan> {
  const build = buildTargetOptions(context, target, overrides);
  return planBuild(build, project, await gitFacts(build, context.root), process.env, new Date());
}

/**
 * The environment for docker commands on the engine the build target built on (its
 * `builder` may name a docker context): where docker-run and release-publish find the image.
 */
export async function engineEnvOf(plan: BuildPlan) {
  return (await routeToBuilderContext({ builder: plan.input.build.builder }, undefined)).env;
}
