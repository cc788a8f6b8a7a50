import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';
import { publicSourceUrl } from '../redact/source-url';

/** The commit a build is made from, for tags (`{sha}`, `{branch}`) and OCI labels. */
export interface GitInfo {
  sha?: string;
  branch?: string;
  /**
   * The repository's public web URL, for `org.opencontainers.image.source`: from CI
   * (GitHub's server + repository, GitLab's CI_PROJECT_URL) or `origin`, always without
   * credentials (see {@link publicSourceUrl}).
   */
  remoteUrl?: string;
}

/**
 * Reads the commit from CI variables when set (a detached checkout has no branch),
 * else from git. Outside a git checkout every field is undefined, not an error.
 */
export async function readGitInfo(
  cwd: string,
  env: Record<string, string | undefined> = process.env,
  runner: ProcessRunner = execaRunner,
): Promise<GitInfo> {
  const git = async (...args: string[]) => {
    const r = await runner.run('git', args, { cwd }).catch(() => undefined);
    const out = r?.exitCode === 0 ? r.stdout.trim() : '';
    return out || undefined;
  };
  const sha = env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? (await git('rev-parse', 'HEAD'));
  let branch =
    env.GITHUB_HEAD_REF ||
    env.GITHUB_REF_NAME ||
    env.CI_COMMIT_REF_NAME ||
    (await git('rev-parse', '--abbrev-ref', 'HEAD'));
  if (branch === 'HEAD') branch = undefined;
  const fromCi =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
      : env.CI_PROJECT_URL;
  const remoteUrl = publicSourceUrl(fromCi || (await git('config', '--get', 'remote.origin.url')));
  return { sha, branch, remoteUrl };
}
