import type { ProjectConfiguration, Tree } from '@nx/devkit';
import { joinPathFragments } from '@nx/devkit';
import { dockerfileVariant } from '../../image/dockerfile-names';

export interface ProjectDockerfile {
  /** Workspace-relative path, e.g. `apps/api/Dockerfile.worker`. */
  file: string;
  /** `''` for `Dockerfile`, else the variant (`worker`), as the graph plugin names it. */
  variant: string;
}

/**
 * The Dockerfiles at a project's root, main one first, recognized by the same rules as the
 * graph plugin's inference (so a generator and the inferred targets agree on the names).
 */
export function projectDockerfiles(tree: Tree, project: ProjectConfiguration): ProjectDockerfile[] {
  const root = project.root === '.' ? '' : project.root;
  return tree
    .children(root)
    .map((name) => joinPathFragments(root, name))
    .filter((file) => tree.isFile(file))
    .flatMap((file) => {
      const variant = dockerfileVariant(file);
      return variant === undefined ? [] : [{ file, variant }];
    })
    .sort((a, b) =>
      a.variant === b.variant
        ? 0
        : !a.variant
          ? -1
          : !b.variant
            ? 1
            : a.variant < b.variant
              ? -1
              : 1,
    );
}
