import { InvalidOptionError } from '../errors/errors';
import { parseOptions } from '../errors/zod-issues';
import { buildArgv } from './argv';
import type { BuildOptionsInput } from './options';
import { buildOptionsObject, buildOptionsSchema, buildxFlags } from './options';

const argv = (input: BuildOptionsInput) => buildArgv(parseOptions(buildOptionsSchema, input)).args;

describe('buildArgv', () => {
  it('builds the minimal argv: plain progress and the context last', () => {
    expect(buildArgv(parseOptions(buildOptionsSchema, { context: '.' }))).toEqual({
      command: 'docker',
      args: ['buildx', 'build', '--progress', 'plain', '.'],
    });
  });

  it('passes every option build-push-action users expect, in a stable order', () => {
    expect(
      argv({
        context: 'apps/api',
        file: 'apps/api/Dockerfile',
        builder: 'ci',
        tags: ['reg/api:1', 'reg/api:latest'],
        labels: { 'org.opencontainers.image.title': 'api' },
        annotations: ['index:org.opencontainers.image.description=API'],
        platforms: ['linux/amd64', 'linux/arm64'],
        buildArgs: { NODE_ENV: 'production' },
        secrets: [
          { id: 'npm', src: '/run/npmrc' },
          { id: 'token', env: 'GH_TOKEN' },
        ],
        ssh: ['default'],
        target: 'runtime',
        buildContexts: { libs: 'libs/shared', base: 'target:base' },
        cacheFrom: ['type=local,src=/c'],
        cacheTo: ['type=local,dest=/c.next,mode=max'],
        noCache: true,
        noCacheFilter: ['deps'],
        pull: true,
        push: true,
        provenance: 'mode=max',
        sbom: true,
        attests: ['type=sbom'],
        metadataFile: 'meta.json',
        iidFile: 'iid',
        network: 'host',
        addHosts: ['db:127.0.0.1'],
        allow: ['network.host'],
        cgroupParent: 'ci',
        shmSize: '128m',
        ulimits: ['nofile=1024:1024'],
        progress: 'rawjson',
      }),
    ).toEqual([
      'buildx', 'build',
      '--builder', 'ci',
      '--file', 'apps/api/Dockerfile',
      '--tag', 'reg/api:1', '--tag', 'reg/api:latest',
      '--label', 'org.opencontainers.image.title=api',
      '--annotation', 'index:org.opencontainers.image.description=API',
      '--platform', 'linux/amd64,linux/arm64',
      '--build-arg', 'NODE_ENV=production',
      '--secret', 'id=npm,src=/run/npmrc', '--secret', 'id=token,env=GH_TOKEN',
      '--ssh', 'default',
      '--target', 'runtime',
      '--build-context', 'libs=libs/shared', '--build-context', 'base=target:base',
      '--cache-from', 'type=local,src=/c',
      '--cache-to', 'type=local,dest=/c.next,mode=max',
      '--no-cache',
      '--no-cache-filter', 'deps',
      '--pull',
      '--push',
      '--provenance=mode=max',
      '--sbom=true',
      '--attest', 'type=sbom',
      '--metadata-file', 'meta.json',
      '--iidfile', 'iid',
      '--network', 'host',
      '--add-host', 'db:127.0.0.1',
      '--allow', 'network.host',
      '--cgroup-parent', 'ci',
      '--shm-size', '128m',
      '--ulimit', 'nofile=1024:1024',
      '--progress', 'rawjson',
      'apps/api',
    ]); // prettier-ignore
  });

  it('quotes a secret path holding a comma the way buildx reads CSV', () => {
    expect(argv({ context: '.', secrets: [{ id: 'a', src: '/tmp/a,b' }] })).toContain(
      'id=a,"src=/tmp/a,b"',
    );
  });

  it('writes cache entries given as typed objects (as buildImage passes its strategy) without reading text back', () => {
    expect(
      argv({
        context: '.',
        cacheFrom: [{ type: 'gha', attrs: { scope: 'api' } }, 'type=local,src=/c'],
        cacheTo: [{ type: 'registry', attrs: { ref: 'r/app:cache', mode: 'max' } }],
      }).join(' '),
    ).toContain(
      '--cache-from type=gha,scope=api --cache-from type=local,src=/c --cache-to type=registry,ref=r/app:cache,mode=max',
    );
  });

  it('normalises a bare image ref in cacheFrom to a registry entry', () => {
    expect(argv({ context: '.', cacheFrom: ['reg/app:cache'] })).toContain(
      'type=registry,ref=reg/app:cache',
    );
  });

  it.each([
    [{ context: '.', tags: [''] }, 'tags.0: must not be empty'],
    [{ context: '' }, 'context: must not be empty'],
    [
      { context: '.', platforms: ['linux/arm64/v99'] },
      'platforms.0: is not a platform like linux/amd64',
    ],
    [{ context: '.', cacheTo: ['type=local'] }, 'type=local needs dest=…'],
    [{ context: '.', cacheFrom: ['type=nope,ref=x'] }, 'unknown cache type "nope"'],
    [{ context: '.', secrets: [{ id: 'x' }] }, 'exactly one of src (a file) or env'],
    [{ context: '.', progress: 'fancy' }, 'progress: must be one of "auto", "plain"'],
    [{ context: '.', tag: ['x'] }, 'unknown option "tag"'],
    [
      { context: '.', outputs: ['type=tar,dest=x'], push: true },
      'outputs cannot be combined with load or push',
    ],
  ])('rejects bad input %j with a message naming the option', (input, message) => {
    let caught: unknown;
    try {
      argv(input as BuildOptionsInput);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect((caught as Error).message).toContain(message);
  });
});

describe('unknown options', () => {
  it('suggests the option the user probably meant', () => {
    expect(() => argv({ context: '.', tag: ['x'] } as BuildOptionsInput)).toThrow(
      'unknown option "tag"; did you mean "tags" instead of "tag"?',
    );
    expect(() => argv({ context: '.', platfrom: ['linux/amd64'] } as BuildOptionsInput)).toThrow(
      'did you mean "platforms"',
    );
  });
});

describe('flags declared beside the options', () => {
  it('every option but the context declares its flag, so a new option reaches argv', () => {
    const missing = Object.entries(buildOptionsObject.shape)
      .filter(([name, schema]) => name !== 'context' && !buildxFlags.get(schema))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('an option is written once, in declaration order, the context last', () => {
    const args = argv({ context: 'ctx', tags: ['a'], builder: 'b', progress: 'tty' });
    expect(args).toEqual([
      'buildx',
      'build',
      '--builder',
      'b',
      '--tag',
      'a',
      '--progress',
      'tty',
      'ctx',
    ]);
  });
});
