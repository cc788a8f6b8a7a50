import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';

/** The commit a build is made from, for tags (`{sha}`, `{branch}`) and OCI labels. */
export interface GitInfo {
  sha?: string;
  branch?: string;
  /** `origin`'s URL, for `org.opencontainers.image.source`. */
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
  const remoteUrl = await git('config', '--get', 'remote.origin.url');
  return { sha, branch, remoteUrl };
}
