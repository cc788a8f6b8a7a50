import { InvalidOptionError, parseOptions } from '@nx-buildx/buildx';
import { dockerBuildSchema } from './options';
import { bakeFromGraph, bakeWaves } from './bake-from-graph';
import { defaultLocalCacheDir } from './cache-location';

const files: Record<string, string> = {
  'libs/base/Dockerfile': 'FROM 127.0.0.1:5000/busybox:latest\nRUN echo base > /base\n',
  'apps/api/Dockerfile':
    'ARG REG=127.0.0.1:5000\nFROM ${REG}/acme/base:latest\nCOPY --from=tools /bin/t /bin/t\n',
  'apps/web/Dockerfile':
    'FROM 127.0.0.1:5000/acme/base\nCOPY --from=127.0.0.1:5000/acme/tools:1 /t /t\n',
  'apps/tools/Dockerfile': 'FROM 127.0.0.1:5000/busybox:latest\n',
  'apps/self/Dockerfile': 'FROM self AS old\nFROM 127.0.0.1:5000/busybox:latest\n',
};
const project = (name: string, root: string, options: Record<string, unknown>) => ({
  facts: { name, root, workspaceRoot: '/ws' },
  options: parseOptions(dockerBuildSchema, options),
});
const facts = {
  git: {},
  env: {},
  now: new Date(0),
  readFile: (p: string) => files[p] as string,
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
    facts,
  );

  it('finds the project images a FROM or COPY --from uses (tag or bare name), without target: contexts', () => {
    expect(graph.bases).toEqual({ base: [], api: ['base'], web: ['base', 'tools'], tools: [] });
    // The image a single build gives: the base is read from the engine, not rebuilt inline.
    for (const image of Object.values(graph.images)) {
      expect(image.build.buildContexts ?? {}).toEqual({});
    }
    expect(bakeWaves(Object.keys(graph.images), graph.bases)).toEqual([
      ['base', 'tools'],
      ['api', 'web'],
    ]);
  });

  it("takes each image's Dockerfile, context, tags and cache strategy from its docker-build options", () => {
    expect(graph.images.base).toMatchObject({
      build: {
        context: '.',
        file: 'libs/base/Dockerfile',
        tags: ['127.0.0.1:5000/acme/base:latest'],
      },
      cache: { strategy: 'local', localDir: defaultLocalCacheDir('/ws', 'base', {}) },
    });
    expect(graph.images.api?.cache.strategy).toBe('registry');
    expect(Object.keys(graph.images)).toEqual(['base', 'api', 'web', 'tools']);
    expect(graph.plans.api?.tags).toEqual(['127.0.0.1:5000/acme/api:latest']);
  });

  it('does not make an image its own base, even when its Dockerfile names its own image', () => {
    const g = bakeFromGraph([project('self', 'apps/self', {})], facts);
    expect(g.bases.self).toEqual([]);
  });

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
    expect(Object.keys(bakeFromGraph(all, facts, ['web']).images).sort()).toEqual([
      'base',
      'tools',
      'web',
    ]);
    expect(Object.keys(bakeFromGraph(all, facts, ['base']).images)).toEqual(['base']);
  });

  it('names an image by its key when given (one task of a batch), and its bases by those keys', () => {
    const g = bakeFromGraph(
      [
        { ...project('base', 'libs/base', { registry: '127.0.0.1:5000/acme' }), key: 'base-img' },
        { ...project('web', 'apps/web', {}), key: 'web-docker-build' },
      ],
      facts,
    );
    expect(Object.keys(g.images)).toEqual(['base-img', 'web-docker-build']);
    expect(g.bases).toEqual({ 'base-img': [], 'web-docker-build': ['base-img'] });
  });

  it('fails for a broken project only when it is part of the bake', () => {
    expect(() => bakeFromGraph(all, facts, ['broken'])).toThrow(InvalidOptionError);
    expect(() => bakeFromGraph(all, facts)).toThrow(InvalidOptionError);
    expect(() => bakeFromGraph(all, facts, ['nodockerfile'])).toThrow();
  });
});

describe('bakeWaves', () => {
  const ids = ['base', 'api', 'web', 'other'];
  it('is one bake when no image waits for another of the bake', () => {
    expect(bakeWaves(ids, { api: ['api-build'] })).toEqual([ids]);
  });

  it('bakes what an image waits for first, so nothing builds on a stale base', () => {
    expect(bakeWaves(ids, { api: ['base'], web: ['api'] })).toEqual([
      ['base', 'other'],
      ['api'],
      ['web'],
    ]);
  });

  it('ignores what is outside the bake (Nx completed it before)', () => {
    expect(bakeWaves(['api'], { api: ['api-build', 'base'] })).toEqual([['api']]);
  });

  it('bakes a cycle together rather than loop', () => {
    expect(bakeWaves(['a', 'b', 'c'], { a: ['b'], b: ['a'] })).toEqual([['c'], ['a', 'b']]);
  });
});
