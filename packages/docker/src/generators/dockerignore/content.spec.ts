import type { ProjectGraph } from '@nx/devkit';
import type { DockerignoreInput } from './content';
import { dockerignoreText } from './content';
import { dependencyClosure, fromProjectGraph } from './workspace-graph';

const input = (o: Partial<DockerignoreInput> = {}): DockerignoreInput => ({
  mode: 'graph',
  command: 'nx g @nx-buildx/docker:dockerignore --project api',
  context: '',
  project: { name: 'api', root: 'apps/api' },
  dependencyRoots: ['libs/util'],
  outputs: ['dist/apps/api'],
  otherOutputs: ['dist/apps/web', 'libs/util/dist'],
  rootFiles: ['package.json'],
  cacheDirs: [],
  ...o,
});
const patterns = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('dockerignoreText', () => {
  it('makes paths relative to a context below the root and leaves out what lies outside it', () => {
    const lines = patterns(dockerignoreText(input({ context: 'apps' })));
    expect(lines.slice(0, 2)).toEqual(['*', '!api']);
    expect(lines).not.toContain('dist/docker');
    expect(lines.join('\n')).not.toMatch(/util|package\.json|dist\/apps/);
    expect(lines).toContain('**/node_modules');
  });

  it('names a cache directory inside the workspace, not one inside node_modules', () => {
    const lines = patterns(
      dockerignoreText(input({ cacheDirs: ['.buildx-cache', 'node_modules/.cache/nx-buildx'] })),
    );
    expect(lines).toContain('.buildx-cache');
    expect(lines.join('\n')).not.toContain('nx-buildx');
  });

  it('keeps the never-sent lines after every re-include, so they win', () => {
    const lines = patterns(dockerignoreText(input()));
    const lastInclude = Math.max(...lines.map((l, i) => (l.startsWith('!') ? i : -1)));
    expect(lines.indexOf('.git')).toBeGreaterThan(lastInclude);
    expect(lines.slice(-1)).toEqual(['libs/util/dist']);
  });

  it('a project at the workspace root needs the whole context: only the never-sent list', () => {
    const lines = patterns(dockerignoreText(input({ project: { name: 'root', root: '' } })));
    expect(lines).not.toContain('*');
    expect(lines.some((l) => l.startsWith('!'))).toBe(false);
    expect(lines).toContain('.git');
  });
});

describe('the project graph', () => {
  const graph = fromProjectGraph({
    nodes: {
      api: { name: 'api', type: 'app', data: { root: 'apps/api', targets: {} } },
      util: { name: 'util', type: 'lib', data: { root: 'libs/util' } },
      core: { name: 'core', type: 'lib', data: { root: 'libs/core' } },
      web: { name: 'web', type: 'app', data: { root: 'apps/web' } },
    },
    dependencies: {
      api: [
        { source: 'api', target: 'util', type: 'static' },
        { source: 'api', target: 'npm:express', type: 'static' },
      ],
      util: [{ source: 'util', target: 'core', type: 'implicit' }],
      core: [{ source: 'core', target: 'api', type: 'static' }],
      web: [{ source: 'web', target: 'core', type: 'static' }],
    },
  } as ProjectGraph);

  it('keeps workspace projects only and follows dependencies transitively (cycles too)', () => {
    expect(graph.dependencies.api).toEqual(['util']);
    expect(dependencyClosure(graph, 'api')).toEqual(['core', 'util']);
    expect(dependencyClosure(graph, 'web')).toEqual(['api', 'core', 'util']);
    expect(graph.projects.util).toEqual({ root: 'libs/util', targets: {} });
  });
});
