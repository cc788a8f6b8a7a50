import type { ProjectFacts } from './build-outputs';
import type { DockerfileFacts, InferredTarget } from './infer-targets';
import { variantTargetName } from '../image/dockerfile-names';
import { DOCKER_RUN, RELEASE_PUBLISH } from '../lib/executor-names';

/** The target `nx release` runs to publish a project (nx/src/command-line/release/publish). */
export const RELEASE_PUBLISH_TARGET = 'nx-release-publish';
export const RUN_TARGET_NAME = 'docker-run';

/**
 * `docker-run` beside every build target, and `nx-release-publish` for the project's
 * main Dockerfile. A project whose package.json npm would publish (no `"private": true`)
 * gets no `nx-release-publish` from here: that name is Nx's npm publish for it
 * (@nx/js:release-publish); such a project adds ours in project.json under another name.
 */
export function runAndReleaseTargets(
  project: ProjectFacts,
  dockerfile: Pick<DockerfileFacts, 'file' | 'variant'>,
  buildName: string,
  buildDependsOn: readonly string[],
): Record<string, InferredTarget> {
  const buildTarget = buildName === 'docker-build' ? {} : { buildTarget: buildName };
  const meta = (description: string, target: string) => ({
    technologies: ['docker'],
    description,
    help: { command: `npx nx run ${project.name}:${target} --help`, example: { options: {} } },
    inferredFrom: dockerfile.file,
  });
  const runName = variantTargetName(RUN_TARGET_NAME, dockerfile.variant);
  const targets: Record<string, InferredTarget> = {
    [runName]: {
      executor: DOCKER_RUN,
      options: buildTarget,
      // It builds the image itself (a stage shell must open even when the full build
      // fails), after what the build copies.
      dependsOn: [...buildDependsOn],
      inputs: [],
      cache: false,
      metadata: meta(
        `Build ${dockerfile.file} as ${buildName} does and run the image (--stage <name> --shell: a shell in that stage)`,
        runName,
      ),
    },
  };
  if (dockerfile.variant === '' && !project.npmPublishable)
    targets[RELEASE_PUBLISH_TARGET] = {
      executor: RELEASE_PUBLISH,
      options: buildTarget,
      dependsOn: [buildName],
      inputs: [],
      cache: false,
      metadata: meta(
        `For nx release: tag the image ${buildName} built with the released version (and 1.2 / 1) and push it`,
        RELEASE_PUBLISH_TARGET,
      ),
    };
  return targets;
}
