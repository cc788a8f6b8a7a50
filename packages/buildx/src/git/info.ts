import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';
import { publicSourceUrl } from '../redact/source-url';
import { readCiFacts } from './ci-env';

/** The commit a build is made from, for tags (`{sha}`, `{branch}`) and OCI labels. */
export interface GitInfo {
  sha?: string;
  /** The branch built (a PR's source branch); undefined on a tag build or a detached HEAD. */
  branch?: string;
  /** The git tag built: CI's, else a tag on HEAD. */
  tag?: string;
  /** The pull/merge request number on CI. */
  pr?: string;
  /** The repository's default branch when CI tells it (GitLab, GitHub's event payload). */
  defaultBranch?: string;
  /** The CI service (env-ci's id), undefined off CI. */
  ci?: string;
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
  const ci = readCiFacts(env, cwd);
  const fromCi = ci.remote;
  // Two git processes, side by side: every build pays for them.
  const [head, origin] = await Promise.all([
    git('log', '-1', '--format=%H%n%ct%n%D'),
    fromCi ? undefined : git('config', '--get', 'remote.origin.url'),
  ]);
  const [headSha, seconds, refs = ''] = head?.split('\n') ?? [];
  const headBranch = /(?:^|, )HEAD -> ([^,]+)/.exec(refs)?.[1];
  const headTag = /(?:^|, )tag: ([^,]+)/.exec(refs)?.[1];
  // On CI the service says what is built: a tag build's checkout is not a branch.
  return {
    sha: ci.sha ?? headSha,
    branch: ci.service ? (ci.tag ? undefined : (ci.branch ?? headBranch)) : headBranch,
    tag: ci.service ? ci.tag : headTag,
    pr: ci.pr,
    defaultBranch: ci.defaultBranch,
    ci: ci.service,
    remoteUrl: publicSourceUrl(fromCi || origin),
    commitTime: seconds ? new Date(Number(seconds) * 1000) : undefined,
  };
}
