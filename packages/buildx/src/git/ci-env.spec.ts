import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCiFacts } from './ci-env';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const cwd = tmpdir();

const eventDirs: string[] = [];
afterAll(() => eventDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A GitHub event payload file, as the runner writes it to GITHUB_EVENT_PATH. */
function eventFile(payload: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'nx-buildx-event-'));
  eventDirs.push(dir);
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

const github = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: SHA,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
};
const gitlab = {
  CI: 'true',
  GITLAB_CI: 'true',
  CI_COMMIT_SHA: SHA,
  CI_PROJECT_URL: 'https://gitlab.example.com/acme/app',
  CI_DEFAULT_BRANCH: 'trunk',
};

describe('readCiFacts', () => {
  it.each<[string, Record<string, string>, object]>([
    [
      'GitHub push to a branch',
      {
        ...github,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/heads/feat/login',
        GITHUB_REF_NAME: 'feat/login',
        GITHUB_EVENT_PATH: eventFile({ repository: { default_branch: 'main' } }),
      },
      { service: 'github', sha: SHA, branch: 'feat/login', defaultBranch: 'main' },
    ],
    [
      'GitHub pull request (source branch, its number)',
      {
        ...github,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REF: 'refs/pull/42/merge',
        GITHUB_HEAD_REF: 'feat/login',
        GITHUB_BASE_REF: 'main',
        GITHUB_EVENT_PATH: eventFile({ pull_request: { number: 42, base: { ref: 'main' } } }),
      },
      { service: 'github', branch: 'feat/login', pr: '42' },
    ],
    [
      'GitHub tag push (no branch)',
      {
        ...github,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/tags/v1.2.3',
        GITHUB_REF_NAME: 'v1.2.3',
        GITHUB_REF_TYPE: 'tag',
      },
      { service: 'github', branch: undefined, tag: 'v1.2.3', pr: undefined },
    ],
    [
      'GitLab branch pipeline',
      { ...gitlab, CI_COMMIT_REF_NAME: 'feat/login', CI_COMMIT_BRANCH: 'feat/login' },
      { service: 'gitlab', branch: 'feat/login', defaultBranch: 'trunk', pr: undefined },
    ],
    [
      'GitLab merge request pipeline (iid, not the global id)',
      {
        ...gitlab,
        CI_COMMIT_REF_NAME: 'feat/login',
        CI_MERGE_REQUEST_ID: '998877',
        CI_MERGE_REQUEST_IID: '7',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feat/login',
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'trunk',
      },
      { service: 'gitlab', branch: 'feat/login', pr: '7' },
    ],
    [
      'GitLab tag pipeline (the ref name is the tag, not a branch)',
      { ...gitlab, CI_COMMIT_REF_NAME: 'v2.0.0', CI_COMMIT_TAG: 'v2.0.0' },
      { service: 'gitlab', branch: undefined, tag: 'v2.0.0' },
    ],
    [
      'CircleCI branch',
      {
        CI: 'true',
        CIRCLECI: 'true',
        CIRCLE_SHA1: SHA,
        CIRCLE_BRANCH: 'main',
        CIRCLE_REPOSITORY_URL: 'git@github.com:acme/app.git',
      },
      { service: 'circleci', sha: SHA, branch: 'main', remote: 'git@github.com:acme/app.git' },
    ],
    [
      'CircleCI pull request',
      {
        CI: 'true',
        CIRCLECI: 'true',
        CIRCLE_SHA1: SHA,
        CIRCLE_BRANCH: 'feat/x',
        CIRCLE_PULL_REQUEST: 'https://github.com/acme/app/pull/9',
      },
      { service: 'circleci', branch: 'feat/x', pr: '9' },
    ],
    [
      'CircleCI tag',
      { CI: 'true', CIRCLECI: 'true', CIRCLE_SHA1: SHA, CIRCLE_TAG: 'v3.1.0' },
      { service: 'circleci', branch: undefined, tag: 'v3.1.0' },
    ],
    [
      'Jenkins (origin/ prefix of GIT_BRANCH dropped)',
      {
        JENKINS_URL: 'https://ci.example.com/',
        GIT_COMMIT: SHA,
        GIT_BRANCH: 'origin/release/1.x',
        GIT_URL: 'https://bot:t0ken@git.example.com/acme/app.git',
      },
      { service: 'jenkins', sha: SHA, branch: 'release/1.x' },
    ],
    [
      'Jenkins multibranch tag build',
      {
        JENKINS_URL: 'https://ci.example.com/',
        GIT_COMMIT: SHA,
        BRANCH_NAME: 'v1.0.0',
        TAG_NAME: 'v1.0.0',
      },
      { service: 'jenkins', branch: undefined, tag: 'v1.0.0' },
    ],
    [
      'Azure Pipelines branch',
      {
        TF_BUILD: 'True',
        BUILD_BUILDURI: 'vstfs:///Build/Build/1',
        BUILD_SOURCEVERSION: SHA,
        BUILD_SOURCEBRANCH: 'refs/heads/main',
        BUILD_REPOSITORY_URI: 'https://acme@dev.azure.com/acme/app/_git/app',
      },
      { service: 'azurePipelines', sha: SHA, branch: 'main' },
    ],
    [
      'Azure Pipelines tag',
      {
        TF_BUILD: 'True',
        BUILD_BUILDURI: 'vstfs:///Build/Build/2',
        BUILD_SOURCEVERSION: SHA,
        BUILD_SOURCEBRANCH: 'refs/tags/v1.4.0',
      },
      { service: 'azurePipelines', branch: undefined, tag: 'v1.4.0' },
    ],
    [
      'Azure Pipelines pull request',
      {
        TF_BUILD: 'True',
        BUILD_BUILDURI: 'vstfs:///Build/Build/3',
        BUILD_SOURCEVERSION: SHA,
        BUILD_SOURCEBRANCH: 'refs/pull/5/merge',
        SYSTEM_PULLREQUEST_PULLREQUESTID: '5',
        SYSTEM_PULLREQUEST_SOURCEBRANCH: 'refs/heads/feat/y',
        SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main',
      },
      { service: 'azurePipelines', branch: 'feat/y', pr: '5' },
    ],
    [
      'Bitbucket branch',
      {
        CI: 'true',
        BITBUCKET_BUILD_NUMBER: '12',
        BITBUCKET_COMMIT: SHA,
        BITBUCKET_BRANCH: 'main',
        BITBUCKET_GIT_HTTP_ORIGIN: 'http://bitbucket.org/acme/app',
      },
      { service: 'bitbucket', branch: 'main', remote: 'http://bitbucket.org/acme/app' },
    ],
    [
      'Bitbucket pull request',
      {
        CI: 'true',
        BITBUCKET_BUILD_NUMBER: '13',
        BITBUCKET_COMMIT: SHA,
        BITBUCKET_BRANCH: 'feat/z',
        BITBUCKET_PR_ID: '21',
      },
      { service: 'bitbucket', branch: 'feat/z', pr: '21' },
    ],
    [
      'Bitbucket tag',
      { CI: 'true', BITBUCKET_BUILD_NUMBER: '14', BITBUCKET_COMMIT: SHA, BITBUCKET_TAG: 'v0.9.0' },
      { service: 'bitbucket', branch: undefined, tag: 'v0.9.0' },
    ],
  ])('%s', (_name, env, expected) => {
    expect(readCiFacts(env, cwd)).toMatchObject(expected);
  });

  it('is empty off CI (git is read by readGitInfo)', () => {
    expect(readCiFacts({}, cwd)).toEqual({});
  });
});
