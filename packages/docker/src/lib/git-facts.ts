import type { GitInfo } from '@nx-buildx/buildx';
import { readGitInfo } from '@nx-buildx/buildx';
import type { DockerBuildOptions } from '../executors/docker-build/options';

type GitUsers = Pick<DockerBuildOptions, 'ociLabels' | 'imageName' | 'registry' | 'tags'>;

/**
 * Whether a build's options use git: the OCI labels (source, revision; on by default)
 * or a `{sha}`/`{shortSha}`/`{branch}` placeholder. Without them no git process runs.
 */
export function usesGit(o: GitUsers): boolean {
  return (
    o.ociLabels ||
    [o.imageName ?? '', o.registry ?? '', ...o.tags].some((t) =>
      /\{(sha|shortSha|branch)\b/.test(t),
    )
  );
}

/** The commit facts a build needs: read from git only when its options use them. */
export function gitFacts(o: GitUsers, root: string): Promise<GitInfo> {
  return usesGit(o) ? readGitInfo(root) : Promise.resolve({});
}
