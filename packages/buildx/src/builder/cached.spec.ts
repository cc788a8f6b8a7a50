import { homedir } from 'node:os';
import { join } from 'node:path';
import { engineIdentity, userStateRoot } from './cached';

describe('userStateRoot', () => {
  it.each([
    [{ NX_BUILDX_CACHE_DIR: '/ci/cache', XDG_CACHE_HOME: '/x' }, '/ci/cache'],
    [{ XDG_CACHE_HOME: '/x' }, '/x/nx-buildx'],
    [{}, join(homedir(), '.cache', 'nx-buildx')],
  ])('%j → %s', (env, root) => {
    expect(userStateRoot(env)).toBe(root);
  });
});

describe('engineIdentity', () => {
  it.each([
    [{ DOCKER_CONTEXT: 'remote' }],
    [{ DOCKER_HOST: 'tcp://127.0.0.1:2375' }],
    [{ DOCKER_HOST: 'unix:///nx-buildx/no/such.sock' }],
  ])('cannot tell the engine of %j cheaply, so nothing is cached', async (env) => {
    expect(await engineIdentity(undefined, env)).toBeUndefined();
  });
});
