import { parseOptions } from '@nx-buildx/buildx';
import { dockerBuildSchema } from '../executors/docker-build/options';
import { InvalidOptionError } from '@nx-buildx/buildx';
import { runExportDir } from '@nx-buildx/buildx';
import { bakeFromGraph, namedContextKey } from './bake-from-graph';
import { defaultLocalCacheDir } from './cache-location';

const baseCache = defaultLocalCacheDir('/ws', 'base', {});

const files: Record<string, string> = {
  'libs/base/Dockerfile': 'FROM 127.0.0.1:5000/busybox:latest\nRUN echo base > /base\n',
  'apps/api/Dockerfile':
    'ARG REG=127.0.0.1:5000\nFROM ${REG}/acme/base:latest\nCOPY --from=tools /bin/t /bin/t\n',
  'apps/web/Dockerfile':
    'FROM 127.0.0.1:5000/acme/base\nCOPY --from=127.0.0.1:5000/acme/tools:1 /t /t\n',
  'apps/tools/Dockerfile': 'FROM 127.0.0.1:5000/busybox:latest\n',
};
const project = (name: string, root: string, options: Record<string, unknown>) => ({
  facts: { name, root, workspaceRoot: '/ws' },
  options: parseOptions(dockerBuildSchema, options),
});
const capable = {
  name: 'default',
  capabilities: { exportCache: true, loadMultiPlatform: true, multiPlatform: true },
};

describe('bakeFromGraph', () => {
  const graph = bakeFromGraph(
    [
      project('base', 'libs/base', { registry: '127.0.0.1:5000/acme', cacheStrategy: 'local' }),
      project('api', 'apps/api', { cacheStrategy: 'registry', registry: '127.0.0.1:5000/acme' }),
      project('web', 'apps/web', { cacheStrategy: 'none' }),
      project('tools', 'apps/tools', {
        registry: '127.0.0.1:5000/acme',
        tags: ['1'],
        cacheStrategy: 'inline',
      }),
    ],
    {
      git: {},
      env: {},
      now: new Date(0),
      builder: capable,
      localExists: () => true,
      readFile: (p) => files[p] as string,
    },
  );

  it('keeps secret-like build arg values and origin credentials out of the definition it writes', () => {
    const g = bakeFromGraph(
      [
        project('tools', 'apps/tools', {
          cacheStrategy: 'none',
          buildArgs: { NPM_TOKEN: 'npm_s3cr3t', MODE: 'prod' },
        }),
      ],
      {
        git: { remoteUrl: 'https://gitlab-ci-token:glcbt-s3cr3t@git.example.com/acme/app.git' },
        env: {},
        now: new Date(0),
        builder: capable,
        localExists: () => true,
        readFile: (p) => files[p] as string,
      },
    );
    expect(JSON.stringify(g.definition)).not.toContain('s3cr3t');
    expect(g.definition.target.tools?.args).toEqual({
      NPM_TOKEN: '${NX_BUILDX_ARG_TOOLS_NPM_TOKEN}',
      MODE: 'prod',
    });
    expect(g.definition.target.tools?.labels?.['org.opencontainers.image.source']).toBe(
      'https://git.example.com/acme/app',
    );
    expect(g.env).toEqual({ NX_BUILDX_ARG_TOOLS_NPM_TOKEN: 'npm_s3cr3t' });
  });

  it('links a FROM of another project image (tag or bare name) through a target: context', () => {
    expect(graph.definition.target.api?.contexts).toEqual({
      '127.0.0.1:5000/acme/base': 'target:base',
    });
    expect(graph.definition.target.web?.contexts).toEqual({
      '127.0.0.1:5000/acme/base': 'target:base',
      '127.0.0.1:5000/acme/tools:1': 'target:tools',
    });
    expect(graph.links).toEqual({ base: [], api: ['base'], web: ['base', 'tools'], tools: [] });
  });

  it("takes each target's Dockerfile, context, tags and cache strategy from its docker-build options", () => {
    expect(graph.definition.target.base).toMatchObject({
      context: '.',
      dockerfile: 'libs/base/Dockerfile',
      tags: ['127.0.0.1:5000/acme/base:latest'],
      'cache-from': [`type=local,src=${baseCache}`],
      'cache-to': [`type=local,dest=${runExportDir(baseCache)},mode=max`],
      output: ['type=docker'],
    });
    expect(graph.definition.target.api?.['cache-to']).toEqual([
      'type=registry,ref=127.0.0.1:5000/acme/api:buildcache,mode=max',
    ]);
    expect(graph.caches.base?.local?.dir).toBe(baseCache);
    expect(graph.definition.group?.default?.targets).toEqual(['base', 'api', 'web', 'tools']);
  });

  it.each([
    ['127.0.0.1:5000/acme/base:latest', '127.0.0.1:5000/acme/base'],
    ['127.0.0.1:5000/acme/base:1', '127.0.0.1:5000/acme/base:1'],
    ['docker.io/library/alpine:latest', 'alpine'],
    ['docker.io/acme/x:2', 'acme/x:2'],
  ])('keys the named context for %s as %s', (ref, key) => expect(namedContextKey(ref)).toBe(key));

  const facts = {
    git: {},
    env: {},
    now: new Date(0),
    builder: capable,
    localExists: () => true,
    readFile: (p: string) => files[p] as string,
  };
  const all = [
    project('base', 'libs/base', { registry: '127.0.0.1:5000/acme' }),
    project('web', 'apps/web', {}),
    project('tools', 'apps/tools', { registry: '127.0.0.1:5000/acme', tags: ['1'] }),
    {
      facts: { name: 'broken', root: 'apps/broken', workspaceRoot: '/ws' },
      options: new InvalidOptionError([{ path: 'tags', message: 'bad' }]),
    },
    project('nodockerfile', 'apps/none', {}),
  ];

  it('bakes the selected projects with the projects they build on, transitively, and nothing else', () => {
    expect(Object.keys(bakeFromGraph(all, facts, ['web']).definition.target).sort()).toEqual([
      'base',
      'tools',
      'web',
    ]);
    expect(bakeFromGraph(all, facts, ['base']).definition.group?.default?.targets).toEqual([
      'base',
    ]);
  });

  it('fails for a broken project only when it is part of the bake', () => {
    expect(() => bakeFromGraph(all, facts, ['broken'])).toThrow(InvalidOptionError);
    expect(() => bakeFromGraph(all, facts)).toThrow(InvalidOptionError);
    expect(() => bakeFromGraph(all, facts, ['nodockerfile'])).toThrow();
  });
});
