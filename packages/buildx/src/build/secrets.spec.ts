import { InvalidOptionError } from '../errors/errors';
import { testdir } from '../testing/testdir';
import { checkSecrets, secretBuildArgWarning, secretLikeBuildArgs } from './secrets';

describe('checkSecrets', () => {
  it('passes when every env secret is set and every src file exists', async () => {
    const dir = await testdir({ 'secrets/npmrc': 'x' });
    await expect(
      checkSecrets(
        [
          { id: 'a', env: 'TOK' },
          { id: 'b', src: 'secrets/npmrc' },
        ],
        dir,
        { TOK: 'v' },
      ),
    ).resolves.toBeUndefined();
  });

  it('names the secret, the variable and how to set it when the variable is unset or empty', async () => {
    const err = await checkSecrets(
      [
        { id: 'npm_token', env: 'NPM_TOKEN' },
        { id: 'gh', env: 'GH_TOKEN' },
      ],
      '/',
      { GH_TOKEN: '' },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidOptionError);
    expect((err as InvalidOptionError).problems).toEqual([
      {
        path: 'secrets.0.env',
        message: expect.stringMatching(
          /^the environment variable NPM_TOKEN for secret "npm_token" is not set, .*export NPM_TOKEN=/,
        ),
      },
      {
        path: 'secrets.1.env',
        message: expect.stringMatching(/GH_TOKEN for secret "gh" is empty/),
      },
    ]);
  });

  it('names the option and the absolute path of a missing src file, once', async () => {
    const dir = await testdir({ 'secrets/dir/.keep': '' });
    const err = (await checkSecrets(
      [
        { id: 'npmrc', src: 'secrets/none' },
        { id: 'd', src: 'secrets/dir' },
      ],
      dir,
      {},
    ).catch((e: unknown) => e)) as InvalidOptionError;
    expect(err.problems.map((p) => p.path)).toEqual(['secrets.0.src', 'secrets.1.src']);
    expect(err.message.split(`${dir}/secrets/none`)).toHaveLength(2);
    expect(err.message).toContain('for secret "npmrc"');
  });
});

describe('secret-like build args', () => {
  it('lists only the args named like credentials', () => {
    expect(
      secretLikeBuildArgs({
        NPM_TOKEN: 'x',
        NODE_VERSION: '20',
        KEYBOARD_LAYOUT: 'de',
        DB_PASSWORD: 'y',
      }),
    ).toEqual(['NPM_TOKEN', 'DB_PASSWORD']);
  });

  it('warns once, naming the arg, the secrets option and the Dockerfile line that replace it, never the value', () => {
    const w = secretBuildArgWarning({ NPM_TOKEN: 'npm_s3cr3t', NODE_VERSION: '20' }, 'api');
    expect(w).toBe(
      'build arg NPM_TOKEN of api looks like a secret: build arg values are stored in the image (docker history --no-trunc shows them). ' +
        'Pass it as a secret instead — remove it from buildArgs and set\n' +
        '  "secrets": [{ "id": "npm_token", "env": "NPM_TOKEN" }]\n' +
        'with $NPM_TOKEN set in the environment, and read it in the Dockerfile step that needs it:\n' +
        '  RUN --mount=type=secret,id=npm_token NPM_TOKEN="$(cat /run/secrets/npm_token)" <command>\n' +
        '  (with # syntax=docker/dockerfile:1.10 or later: RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN <command>)',
    );
    expect(secretBuildArgWarning({ NODE_VERSION: '20' })).toBeUndefined();
    expect(secretBuildArgWarning({ A_TOKEN: '1', B_SECRET: '2' })).toContain(
      '"secrets": [{ "id": "a_token", "env": "A_TOKEN" }, { "id": "b_secret", "env": "B_SECRET" }]',
    );
  });
});
