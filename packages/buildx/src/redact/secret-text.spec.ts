import { maskSecretLooking } from './secret-text';

describe('maskSecretLooking', () => {
  it.each([
    [
      '   1 | >>> //registry.npmjs.org/:_authToken=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      '   1 | >>> //registry.npmjs.org/:_authToken=***',
    ],
    ['unknown instruction: _authToken=abcdef123', 'unknown instruction: _authToken=***'],
    ['token ghp_0123456789abcdefghijABCDEFGHIJ012345 leaked', 'token *** leaked'],
    ['NPM_TOKEN="s3cr3t-value" next', 'NPM_TOKEN=*** next'],
    ['password: hunter22', 'password: ***'],
    ['AWS key AKIAABCDEFGHIJKLMNOP', 'AWS key ***'],
  ])('%s', (given, masked) => expect(maskSecretLooking(given)).toBe(masked));

  it.each([
    '#5 [2/2] RUN echo hostile-step-out && exit 7',
    'KEYBOARD_LAYOUT=us CACHE_KEY=abc123 PUBLIC_KEY=xyz',
    'ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
    'transferring context: 2B done',
    'TOKEN=***',
  ])('leaves ordinary text alone: %s', (text) => expect(maskSecretLooking(text)).toBe(text));
});
