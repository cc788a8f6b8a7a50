import type { ProcessRunner } from '../process/runner';
import { readGitInfo } from './info';

/** Answers `git …` the way a checkout with this origin would. */
const gitWithOrigin = (origin: string): ProcessRunner => ({
  run: async (_file, args) => {
    const out: Record<string, string> = {
      'rev-parse HEAD': 'abc123',
      'rev-parse --abbrev-ref HEAD': 'main',
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
    });
  });

  it("prefers CI's own repository URL (GitHub server + repository, GitLab CI_PROJECT_URL)", async () => {
    const runner = gitWithOrigin('git@github.com:fork/app.git');
    expect(
      (
        await readGitInfo(
          '/ws',
          { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app' },
          runner,
        )
      ).remoteUrl,
    ).toBe('https://github.com/acme/app');
    expect(
      (await readGitInfo('/ws', { CI_PROJECT_URL: 'https://gitlab.example.com/g/app' }, runner))
        .remoteUrl,
    ).toBe('https://gitlab.example.com/g/app');
  });

  it('has no source URL when origin is a local path', async () => {
    expect(
      (await readGitInfo('/ws', {}, gitWithOrigin('/srv/git/app.git'))).remoteUrl,
    ).toBeUndefined();
  });
});
