import { readFileSync } from 'node:fs';

/**
 * What the CI service says about the build: which commit, and whether it is a branch, a
 * tag or a pull request. Services are detected by env-ci (semantic-release's list, kept up
 * to date there); the corrections below are where its fields mean something else than a
 * docker tag needs (a PR's *target* branch, GitHub's refs/tags/…, GitLab's global MR id).
 */
export interface CiFacts {
  /** env-ci's id of the service (github, gitlab, circleci, jenkins, azurePipelines, bitbucket…); undefined off CI. */
  service?: string;
  sha?: string;
  /** The branch being built; a PR's source branch; undefined on a tag build. */
  branch?: string;
  /** The git tag being built. */
  tag?: string;
  /** The pull/merge request number as people see it (GitLab's iid). */
  pr?: string;
  /** The repository's default branch, where the service tells it. */
  defaultBranch?: string;
  /** The remote the service names for the repository (may carry credentials: clean it). */
  remote?: string;
}

type Env = Record<string, string | undefined>;

/** The part of env-ci's result read here (it ships no types). */
interface EnvCiResult {
  isCi: boolean;
  service?: string;
  commit?: string;
  branch?: string;
  prBranch?: string;
  tag?: string;
  pr?: string | number;
  isPr?: boolean;
}
type EnvCi = (options: { env: Env; cwd: string }) => EnvCiResult;

/**
 * Whether to ask env-ci at all. Off CI it runs two git processes synchronously (~35 ms
 * here) that readGitInfo does not need, and loading it costs too: so it is asked where
 * `CI` is set (the convention of hosted services) or a service that does not set it is.
 */
function maybeCi(env: Env): boolean {
  return Boolean(
    env.CI ||
    env.JENKINS_URL ||
    env.BUILD_BUILDURI || // Azure Pipelines
    env.TEAMCITY_VERSION ||
    env.bamboo_agentId ||
    env.CODEBUILD_BUILD_ID,
  );
}

/** Reads the CI service's variables; off CI everything is undefined (git is read elsewhere). */
export function readCiFacts(env: Env, cwd: string): CiFacts {
  if (!maybeCi(env)) return {};
  // env-ci is ESM: required here, not at the top, so a developer's build never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const envCi = (require('env-ci') as { default: EnvCi }).default;
  const ci = envCi({ env, cwd });
  if (!ci.isCi || !ci.service) return {};
  const service = ci.service;
  const pr = prNumber(service, env, ci);
  // A PR build's branch is its source; env-ci's `branch` is where it merges to.
  let branch = pr ? (ci.prBranch ?? ci.branch) : ci.branch;
  let tag = ci.tag || (service === 'jenkins' ? env.TAG_NAME : undefined) || undefined;
  if (service === 'github' && env.GITHUB_HEAD_REF) branch = env.GITHUB_HEAD_REF;
  // GitHub and Azure give full refs: a tag push is refs/tags/<tag>, not a branch.
  const tagRef = /^refs\/tags\/(.+)$/.exec(branch ?? '');
  if (tagRef) [tag, branch] = [tagRef[1], undefined];
  if (/^refs\/pull\//.test(branch ?? '')) branch = undefined;
  if (service === 'jenkins') branch = branch?.replace(/^origin\//, '');
  // GitLab names a tag pipeline's ref after the tag.
  if (tag && branch === tag) branch = undefined;
  return {
    service,
    sha: ci.commit || undefined,
    branch: branch?.replace(/^refs\/heads\//, '') || undefined,
    tag,
    pr,
    defaultBranch: env.CI_DEFAULT_BRANCH || githubDefaultBranch(service, env),
    remote: remoteOf(service, env),
  };
}

function prNumber(service: string, env: Env, ci: { pr?: string | number; isPr?: boolean }) {
  if (service === 'gitlab') return env.CI_MERGE_REQUEST_IID || undefined;
  if (service === 'bitbucket') return env.BITBUCKET_PR_ID || undefined;
  if (service === 'github') {
    const fromRef = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
    return ci.pr ? String(ci.pr) : fromRef;
  }
  return ci.isPr && ci.pr ? String(ci.pr) : undefined;
}

/** GitHub tells the default branch only in the event payload. */
function githubDefaultBranch(service: string, env: Env): string | undefined {
  if (service !== 'github' || !env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    const name = event?.repository?.default_branch;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The variable each service keeps the repository's URL in (cleaned by publicSourceUrl). */
function remoteOf(service: string, env: Env): string | undefined {
  switch (service) {
    case 'github':
      return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
        : undefined;
    case 'gitlab':
      return env.CI_PROJECT_URL;
    case 'bitbucket':
      return env.BITBUCKET_GIT_HTTP_ORIGIN;
    case 'circleci':
      return env.CIRCLE_REPOSITORY_URL;
    case 'jenkins':
      return env.GIT_URL;
    case 'azurePipelines':
      return env.BUILD_REPOSITORY_URI;
    default:
      return undefined;
  }
}
