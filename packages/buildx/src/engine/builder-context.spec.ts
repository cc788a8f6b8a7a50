import { createHash } from 'node:crypto';
import { testdir } from '../testing/testdir';
import { builderContextName, routeToBuilderContext } from './builder-context';

const metaOf = (name: string) =>
  `contexts/meta/${createHash('sha256').update(name).digest('hex')}/meta.json`;

async function dockerConfig() {
  return testdir({
    [metaOf('remote')]: JSON.stringify({
      Name: 'remote',
      Endpoints: { docker: { Host: 'tcp://127.0.0.1:2399' } },
    }),
    [metaOf('both')]: '{}',
    'buildx/instances/both': '{}',
    'buildx/instances/cluster': '{}',
  });
}

describe('builderContextName', () => {
  it('names a docker context that is not also a buildx builder', async () => {
    const env = { DOCKER_CONFIG: await dockerConfig() };
    expect(await builderContextName('remote', env)).toBe('remote');
    expect(await builderContextName('both', env)).toBeUndefined();
    expect(await builderContextName('cluster', env)).toBeUndefined();
    expect(await builderContextName('missing', env)).toBeUndefined();
    expect(await builderContextName(undefined, env)).toBeUndefined();
  });

  it('selects the context through DOCKER_CONTEXT, drops DOCKER_HOST and --builder', async () => {
    const DOCKER_CONFIG = await dockerConfig();
    const routed = await routeToBuilderContext(
      { builder: 'remote', tags: ['a:1'] },
      { DOCKER_CONFIG, DOCKER_HOST: 'unix:///var/run/docker.sock' },
    );
    expect(routed).toEqual({
      build: { builder: undefined, tags: ['a:1'] },
      env: { DOCKER_CONFIG, DOCKER_CONTEXT: 'remote', DOCKER_HOST: undefined },
      context: 'remote',
    });
    const kept = await routeToBuilderContext({ builder: 'cluster' }, { DOCKER_CONFIG });
    expect(kept).toEqual({ build: { builder: 'cluster' }, env: { DOCKER_CONFIG } });
  });
});
