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
  /** When HEAD was committed: a build time that repeats, for reproducible labels. */
  commitTime?: Date;
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
  const fromCi =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
      : env.CI_PROJECT_URL;
  // Two git processes, side by side: every build pays for them.
  const [head, origin] = await Promise.all([
    git('log', '-1', '--format=%H%n%ct%n%D'),
    fromCi ? undefined : git('config', '--get', 'remote.origin.url'),
  ]);
  const [headSha, seconds, refs = ''] = head?.split('\n') ?? [];
  const headBranch = /(?:^|, )HEAD -> ([^,]+)/.exec(refs)?.[1];
  return {
    sha: env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? headSha,
    branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || env.CI_COMMIT_REF_NAME || headBranch,
    remoteUrl: publicSourceUrl(fromCi || origin),
    commitTime: seconds ? new Date(Number(seconds) * 1000) : undefined,
  };
}
