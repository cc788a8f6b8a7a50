// Tags and the source label from a CI service's variables, through the packed plugin
// under Nx (env-ci is ESM, required by our CommonJS build): a GitLab tag pipeline, a
// GitHub pull request, a GitHub push to the default branch. One project, three builds of
// a one-step image.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaRunner } from '@nx-buildx/buildx';
import { removeImages } from '../../packages/buildx/src/testing/container';
import { addProject, BUSYBOX, metadataOf, nxOk, unique } from './workspace';

jest.setTimeout(300_000);

const name = unique('citags');
const root = `apps/${name}`;
const SHA = 'c0ffee0123456789abcdef0123456789abcdef01';
const eventDir = mkdtempSync(join(tmpdir(), 'nx-buildx-e2e-event-'));
const built = new Set<string>();

/** The variables of the services this run is not on, so the host CI's own do not win. */
const noCi = {
  GITHUB_ACTIONS: '',
  GITLAB_CI: '',
  CIRCLECI: '',
  JENKINS_URL: '',
  BUILD_BUILDURI: '',
  BITBUCKET_BUILD_NUMBER: '',
};

beforeAll(async () => {
  await addProject(
    root,
    {
      'docker-build': {
        executor: '@nx-buildx/docker:docker-build',
        options: {
          tags: ['{ref}', '{branch}', 'pr-{pr}', '{major}.{minor}', 'sha-{shortSha}'],
          latest: 'auto',
          cacheStrategy: 'none',
        },
      },
    },
    {
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ci-tags > /ci-tags.txt\n`,
      'package.json': JSON.stringify({ name, version: '3.1.4' }),
    },
  );
});

afterAll(async () => {
  await removeImages([...built]);
  rmSync(eventDir, { recursive: true, force: true });
});

async function build(env: Record<string, string>) {
  await nxOk(['run', `${name}:docker-build`], { ...noCi, ...env });
  const { tags } = await metadataOf(root);
  tags.forEach((t) => built.add(t));
  const inspect = await execaRunner.run('docker', [
    'image',
    'inspect',
    '--format',
    '{{json .Config.Labels}}',
    tags[0] as string,
  ]);
  const labels = JSON.parse(inspect.stdout) as Record<string, string>;
  return {
    tags,
    source: labels['org.opencontainers.image.source'],
    revision: labels['org.opencontainers.image.revision'],
  };
}

function event(file: string, payload: object): string {
  const path = join(eventDir, file);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

it('GitLab tag pipeline: the tag, its x.y, no branch tag, no latest; source from CI_PROJECT_URL', async () => {
  const r = await build({
    GITLAB_CI: 'true',
    CI_COMMIT_SHA: SHA,
    CI_COMMIT_TAG: 'v2.5.1',
    CI_COMMIT_REF_NAME: 'v2.5.1',
    CI_DEFAULT_BRANCH: 'main',
    CI_PROJECT_URL: 'https://gitlab.example.com/acme/app',
    CI_REPOSITORY_URL: 'https://gitlab-ci-token:glcbt-e2eSecret@gitlab.example.com/acme/app.git',
  });
  expect(r.tags).toEqual([`${name}:v2.5.1`, `${name}:2.5`, `${name}:sha-c0ffee0`]);
  expect(r.source).toBe('https://gitlab.example.com/acme/app');
  expect(r.revision).toBe(SHA);
});

it('GitHub pull request: the source branch, pr-<number>, x.y from the version, no latest', async () => {
  const r = await build({
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: 'refs/pull/42/merge',
    GITHUB_HEAD_REF: 'feat/login',
    GITHUB_BASE_REF: 'main',
    GITHUB_SHA: SHA,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: event('pr.json', {
      pull_request: { number: 42, base: { ref: 'main' } },
      repository: { default_branch: 'main' },
    }),
  });
  expect(r.tags).toEqual([
    `${name}:feat-login`,
    `${name}:pr-42`,
    `${name}:3.1`,
    `${name}:sha-c0ffee0`,
  ]);
  expect(r.source).toBe('https://github.com/acme/app');
});

it('GitHub push to the default branch (from the event payload): latest is added', async () => {
  const r = await build({
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/trunk',
    GITHUB_REF_NAME: 'trunk',
    GITHUB_SHA: SHA,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: event('push.json', { repository: { default_branch: 'trunk' } }),
  });
  expect(r.tags).toEqual([`${name}:trunk`, `${name}:3.1`, `${name}:sha-c0ffee0`, `${name}:latest`]);
});
