import { publicSourceUrl } from './source-url';

describe('publicSourceUrl', () => {
  test.each([
    ['https://github.com/acme/app.git', 'https://github.com/acme/app'],
    ['https://user:s3cr3t@github.com/acme/app.git', 'https://github.com/acme/app'],
    ['https://ghp_T0KEN@github.com/acme/app.git', 'https://github.com/acme/app'],
    ['https://x-access-token:ghs_T0KEN@github.com/acme/app', 'https://github.com/acme/app'],
    ['git@github.com:acme/app.git', 'https://github.com/acme/app'],
    ['ssh://git@github.com/acme/app.git', 'https://github.com/acme/app'],
    ['git+ssh://git@github.com/acme/app.git', 'https://github.com/acme/app'],
    ['git://github.com/acme/app.git', 'https://github.com/acme/app'],
    ['https://gitlab-ci-token:glcbt-T0KEN@gitlab.com/acme/app.git', 'https://gitlab.com/acme/app'],
    ['git@gitlab.com:group/sub/app.git', 'https://gitlab.com/group/sub/app'],
    ['https://bitbucket.org/acme/app.git', 'https://bitbucket.org/acme/app'],
    // Hosts hosted-git-info does not know: self-hosted GitLab, Gitea, ports.
    [
      'https://gitlab-ci-token:T0KEN@gitlab.example.com/acme/app.git',
      'https://gitlab.example.com/acme/app',
    ],
    [
      'https://oauth2:T0KEN@git.example.com:8443/group/sub/app.git',
      'https://git.example.com:8443/group/sub/app',
    ],
    ['git@gitlab.example.com:acme/app.git', 'https://gitlab.example.com/acme/app'],
    ['ssh://git@gitlab.example.com:2222/acme/app.git', 'https://gitlab.example.com/acme/app'],
    ['deploy@git.example.com:/srv/git/app.git', 'https://git.example.com/srv/git/app'],
    ['http://user:pw@127.0.0.1:3000/acme/app.git', 'http://127.0.0.1:3000/acme/app'],
    // Query strings and fragments can hold tokens too.
    [
      'https://git.example.com/acme/app.git?private_token=T0KEN#main',
      'https://git.example.com/acme/app',
    ],
    ['https://github.com/acme/app.git?access_token=T0KEN', 'https://github.com/acme/app'],
    ['  https://github.com/acme/app.git\n', 'https://github.com/acme/app'],
  ])('%s → %s', (remote, web) => {
    expect(publicSourceUrl(remote)).toBe(web);
  });

  test.each([
    [undefined],
    [''],
    ['/srv/git/app.git'],
    ['../app.git'],
    ['file:///srv/git/app.git'],
    ['C:\\repos\\app'],
    ['https://user:pw@git.example.com/'],
    ['not a url at all'],
  ])('%s gives no source URL (nothing to link, nothing to leak)', (remote) => {
    expect(publicSourceUrl(remote)).toBeUndefined();
  });
});
