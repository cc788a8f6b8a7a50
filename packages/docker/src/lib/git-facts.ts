import type { GitInfo } from '@nx-buildx/buildx';
import { readGitInfo } from '@nx-buildx/buildx';
import type { DockerBuildOptions } from '../image/options';
import { GIT_PLACEHOLDERS } from '../image/placeholders';

type GitUsers = Pick<DockerBuildOptions, 'ociLabels' | 'imageName' | 'registry' | 'tags'> &
  Partial<Pick<DockerBuildOptions, 'latest'>>;

const gitPlaceholder = new RegExp(`\\{(${GIT_PLACEHOLDERS.join('|')})[}:]`);

/**
 * Whether a build's image references use git: `latest: "auto"` (is this the default
 * branch?) or a placeholder filled from git or CI ({@link GIT_PLACEHOLDERS}).
 */
export function tagsUseGit(o: Omit<GitUsers, 'ociLabels'>): boolean {
  return (
    o.latest === 'auto' ||
    [o.imageName ?? '', o.registry ?? '', ...o.tags].some((t) => gitPlaceholder.test(t))
  );
}

/**
 * Whether a build's options use git: its references ({@link tagsUseGit}) or the OCI
 * labels (source, revision; on by default). Without them no git process runs.
 */
export function usesGit(o: GitUsers): boolean {
  return o.ociLabels || tagsUseGit(o);
}

/**
 * The commit facts a build (or a batch or bake of builds) needs: read from git only when
 * some build's options use them.
 */
export function gitFacts(o: GitUsers | readonly GitUsers[], root: string): Promise<GitInfo> {
  const builds: readonly GitUsers[] = Array.isArray(o) ? o : [o as GitUsers];
  return builds.some(usesGit) ? readGitInfo(root) : Promise.resolve({});
}
