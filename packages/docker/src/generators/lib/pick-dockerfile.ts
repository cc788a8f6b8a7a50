import type { ProjectConfiguration, Tree } from '@nx/devkit';
import { GeneratorRefusedError } from '@nx-buildx/buildx';
import { dockerfileVariant } from '../../image/dockerfile-names';
import type { ProjectDockerfile } from './project-dockerfiles';
import { projectDockerfiles } from './project-dockerfiles';

/**
 * The Dockerfile a generator works on: the one given (which must exist), else the
 * project's `Dockerfile`, else its only variant. Refuses, naming the choices, otherwise.
 */
export function pickDockerfile(
  tree: Tree,
  projectName: string,
  project: ProjectConfiguration,
  given: string | undefined,
  generator: string,
): ProjectDockerfile {
  if (given) {
    const file = given.replace(/\\/g, '/').replace(/^\.\//, '');
    if (!tree.isFile(file))
      throw new GeneratorRefusedError(
        generator,
        `--dockerfile ${given} does not exist.`,
        `Paths are relative to the workspace root, e.g. --dockerfile ${project.root}/Dockerfile.`,
      );
    return { file, variant: dockerfileVariant(file) ?? '' };
  }
  const found = projectDockerfiles(tree, project);
  const main = found.find((d) => d.variant === '');
  if (main) return main;
  const [only] = found;
  if (only && found.length === 1) return only;
  if (found.length === 0)
    throw new GeneratorRefusedError(
      generator,
      `project ${projectName} has no Dockerfile in ${project.root}.`,
      `Write one with: nx g @nx-buildx/docker:dockerfile --project ${projectName}, or pass --dockerfile <path>.`,
    );
  throw new GeneratorRefusedError(
    generator,
    `project ${projectName} has several Dockerfiles and none is named Dockerfile: ${found.map((d) => d.file).join(', ')}.`,
    `Pass --dockerfile with the one to use.`,
  );
}
