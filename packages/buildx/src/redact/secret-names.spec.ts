import { isSecretLikeName, nameWords } from './secret-names';

describe('isSecretLikeName', () => {
  test.each([
    'NPM_TOKEN',
    'GITHUB_TOKEN',
    'npmToken',
    'NPMTOKEN',
    'DB_PASSWORD',
    'dbPassword',
    'PASSWD',
    'DB_PASS',
    'GPG_PASSPHRASE',
    'CLIENT_SECRET',
    'CLIENTSECRET',
    'AWS_SECRET_ACCESS_KEY',
    'secret_access_key',
    'session_token',
    'API_KEY',
    'SSH_KEY',
    'KEY',
    'X_APIKEY',
    'GCP_CREDENTIALS',
    'GOOGLE_APPLICATION_CREDENTIAL',
    'REGISTRY_AUTH',
    'NPM_AUTH_TOKEN',
    'OAUTH',
    'GITHUB_PAT',
    'token',
  ])('%s is secret-like', (name) => expect(isSecretLikeName(name)).toBe(true));

  test.each([
    'KEYBOARD_LAYOUT',
    'MONKEY',
    'AUTHOR',
    'NODE_VERSION',
    'CACHE_BUST',
    'PUBLIC_KEY',
    'CACHE_KEY',
    'AWS_ACCESS_KEY_ID',
    'access_key_id',
    'SSH_KEY_PATH',
    'TOKEN_FILE',
    'AUTH_URL',
    'AUTH_METHOD',
    'SECRET_NAME',
    'TOKENIZER_MODEL',
    'PASSTHROUGH',
    'PWD',
    'BYPASS_PROXY',
    'id',
    'env',
    'src',
    'mode',
    'ref',
  ])('%s is not secret-like', (name) => expect(isSecretLikeName(name)).toBe(false));
});

describe('nameWords', () => {
  it('splits on separators and camelCase, upper-cased', () => {
    expect(nameWords('npmAuth-token.v2_X')).toEqual(['NPM', 'AUTH', 'TOKEN', 'V2', 'X']);
  });
});
