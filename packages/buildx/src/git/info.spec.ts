import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessRunner } from '../process/runner';
import { readGitInfo } from './info';

/** Answers `git …` the way a checkout with this origin would. */
const gitWithOrigin = (origin: string): ProcessRunner => ({
  run: async (_file, args) => {
    const out: Record<string, string> = {
      'log -1 --format=%H%n%ct%n%D': 'abc123\n1700000000\nHEAD -> main, origin/main',
      'config --get remote.origin.url': origin,
    };
    const stdout = out[args.join(' ')] ?? '';
    return { command: 'git', exitCode: stdout ? 0 : 1, stdout, stderr: '', durationMs: 1 };
  },
});

describe('readGitInfo', () => {
  it("gives origin's web URL without the credentials GitLab CI puts in it", async () => {
    const info = await readGitInfo(
      '/ws',
      {},
      gitWithOrigin('https://gitlab-ci-token:glcbt-T0KEN@gitlab.example.com/acme/app.git'),
    );
    expect(info).toEqual({
      sha: 'abc123',
      branch: 'main',
      remoteUrl: 'https://gitlab.example.com/acme/app',
      commitTime: new Date(1700000000 * 1000),
    });
  });

  it("prefers CI's own repository URL (GitHub server + repository, GitLab CI_PROJECT_URL)", async () => {
    const runner = gitWithOrigin('git@github.com:fork/app.git');
    expect(
      (
        await readGitInfo(
          '/ws',
          {
            CI: 'true',
            GITHUB_ACTIONS: 'true',
            GITHUB_SERVER_URL: 'https://github.com',
            GITHUB_REPOSITORY: 'acme/app',
          },
          runner,
        )
      ).remoteUrl,
    ).toBe('https://github.com/acme/app');
    expect(
      (
        await readGitInfo(
          '/ws',
          { CI: 'true', GITLAB_CI: 'true', CI_PROJECT_URL: 'https://gitlab.example.com/g/app' },
          runner,
        )
      ).remoteUrl,
    ).toBe('https://gitlab.example.com/g/app');
  });

  it.each([
    [
      'Jenkins GIT_URL',
      { JENKINS_URL: 'https://ci/', GIT_URL: 'https://bot:t0ken@git.example.com/acme/app.git' },
    ],
    [
      'Azure BUILD_REPOSITORY_URI',
      {
        BUILD_BUILDURI: 'vstfs:///1',
        BUILD_REPOSITORY_URI: 'https://bot:t0ken@git.example.com/acme/app',
      },
    ],
    [
      'CircleCI CIRCLE_REPOSITORY_URL',
      { CI: 'true', CIRCLECI: 'true', CIRCLE_REPOSITORY_URL: 'git@git.example.com:acme/app.git' },
    ],
  ])('takes the source URL from %s, without credentials', async (_name, env) => {
    const info = await readGitInfo('/ws', env, gitWithOrigin('git@github.com:fork/app.git'));
    expect(info.remoteUrl).toBe('https://git.example.com/acme/app');
  });

  it("on a CI tag build has the tag and no branch, even where git's checkout names one", async () => {
    const info = await readGitInfo(
      '/ws',
      { CI: 'true', GITLAB_CI: 'true', CI_COMMIT_REF_NAME: 'v2.0.0', CI_COMMIT_TAG: 'v2.0.0' },
      gitWithOrigin('git@github.com:acme/app.git'),
    );
    expect(info).toMatchObject({ tag: 'v2.0.0', branch: undefined, ci: 'gitlab' });
  });

  it('has no source URL when origin is a local path', async () => {
    expect(
      (await readGitInfo('/ws', {}, gitWithOrigin('/srv/git/app.git'))).remoteUrl,
    ).toBeUndefined();
  });
});

describe('readGitInfo on a real repository', () => {
  let dir: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], {
      cwd: dir,
      env: { ...process.env, GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z' },
    })
      .toString()
      .trim();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-buildx-git-'));
    git('init', '-q', '-b', 'feat/x');
    writeFileSync(join(dir, 'a'), 'a');
    git('add', 'a');
    git('commit', '-qm', 'a');
    git('remote', 'add', 'origin', 'https://u:p4ss@git.example.com/acme/app.git');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads sha, branch, commit time and a credential-free origin', async () => {
    expect(await readGitInfo(dir, {})).toEqual({
      sha: git('rev-parse', 'HEAD'),
      branch: 'feat/x',
      remoteUrl: 'https://git.example.com/acme/app',
      commitTime: new Date('2026-01-02T03:04:05Z'),
    });
  });

  it('reads a tag on HEAD off CI', async () => {
    git('tag', 'v9.8.7');
    expect(await readGitInfo(dir, {})).toMatchObject({ tag: 'v9.8.7', branch: 'feat/x' });
    git('tag', '-d', 'v9.8.7');
  });

  it('has no branch on a detached HEAD', async () => {
    git('checkout', '-q', '--detach');
    expect((await readGitInfo(dir, {})).branch).toBeUndefined();
    git('checkout', '-q', 'feat/x');
  });

  it('is empty outside a checkout, not an error', async () => {
    expect(await readGitInfo(tmpdir(), {})).toEqual({
      sha: undefined,
      branch: undefined,
      remoteUrl: undefined,
      commitTime: undefined,
    });
  });
});
