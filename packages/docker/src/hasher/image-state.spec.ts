import type { ProjectFacts } from '../image/project';
import { imageStateOf } from './image-state';
import { neverRepeats } from './never-repeats';

const project: ProjectFacts = { name: 'api', root: 'apps/api', workspaceRoot: '/ws' };
const ID = (c: string) => `sha256:${c.repeat(64)}`;

/** imageStateOf with the engine and git replaced: records which tags it asked for. */
async function stateOf(
  options: Record<string, unknown>,
  ids: string[] | 'missing' = [],
  dockerfile = 'FROM busybox@sha256:' + 'e'.repeat(64) + '\n',
) {
  const asked: string[][] = [];
  const read: string[] = [];
  const gitReads: string[] = [];
  const state = await imageStateOf(
    options,
    project,
    {},
    {
      imageIds: async (refs) => {
        asked.push([...refs]);
        return ids === 'missing' ? undefined : refs.map((_r, i) => ids[i] ?? ID('f'));
      },
      readFile: (path) => {
        read.push(path);
        return dockerfile;
      },
      readGit: async (root) => {
        gitReads.push(root);
        return { sha: '0123456789abcdef0123', branch: 'main' };
      },
    },
  );
  return { state, asked, gitReads, read };
}

describe('imageStateOf', () => {
  it('is the image ID of every tag the executor would make, when all are in the engine', async () => {
    const r = await stateOf({ tags: ['latest', 'v1'] }, [ID('a'), ID('b')]);
    expect(r.state).toBe(`images api:latest=${ID('a')}@unrecorded api:v1=${ID('b')}@unrecorded`);
    expect(r.asked).toEqual([['api:latest', 'api:v1']]);
    expect(r.gitReads).toEqual([]); // no {sha}: no git
  });

  it('computes {sha} tags the same way the executor does (planBuild), reading git only then', async () => {
    const r = await stateOf({ imageName: 'acme/api', tags: ['sha-{shortSha}', '{branch}'] });
    expect(r.asked).toEqual([['acme/api:sha-0123456', 'acme/api:main']]);
    expect(r.gitReads).toEqual(['/ws']);
  });

  it.each([
    [
      'a tag is missing in the engine',
      { tags: ['latest'] },
      'missing',
      'a tag or base image is not in the local engine',
    ],
    [
      'the build pushes',
      { push: true, registry: '127.0.0.1:5000' },
      [ID('a')],
      'the build does not only load',
    ],
    [
      'the build exports elsewhere',
      { outputs: ['type=tar,dest=x.tar'] },
      [ID('a')],
      'the build does not only load',
    ],
    [
      'the build does not load (multi-platform)',
      { platforms: ['linux/amd64', 'linux/arm64'] },
      [ID('a')],
      'the build does not only load',
    ],
    [
      'options the schema rejects',
      { tags: 'latest', bogus: 1 },
      [ID('a')],
      'options the executor will reject',
    ],
    [
      'options planBuild rejects',
      { tags: ['Not A Tag'] },
      [ID('a')],
      'options the executor will reject',
    ],
  ])('never repeats when %s (so Nx can only miss)', async (_t, options, ids, reason) => {
    const a = await stateOf(options, ids as string[] | 'missing');
    const b = await stateOf(options, ids as string[] | 'missing');
    expect(a.state).toContain(`uncacheable (${reason}`);
    expect(a.state).not.toBe(b.state);
  });

  it('adds the local ID of every base image the Dockerfile reads, in the same one inspect', async () => {
    const r = await stateOf(
      { buildContexts: { tools: 'docker-image://127.0.0.1:5000/tools:1' } },
      [ID('a'), ID('b'), ID('c'), ID('d')],
      'FROM 127.0.0.1:5000/busybox:latest AS b\nFROM b\nCOPY --from=base:latest /x /x\nCOPY --from=tools /t /t\nRUN --mount=from=node:20-slim,target=/n ls\n',
    );
    expect(r.read).toEqual(['/ws/apps/api/Dockerfile']);
    expect(r.asked).toEqual([
      [
        'api:latest',
        '127.0.0.1:5000/busybox:latest',
        'base:latest',
        '127.0.0.1:5000/tools:1',
        'node:20-slim',
      ],
    ]);
    expect(r.state).toBe(
      `images api:latest=${ID('a')}@unrecorded 127.0.0.1:5000/busybox:latest=${ID('b')} base:latest=${ID('c')} 127.0.0.1:5000/tools:1=${ID('d')} node:20-slim=${ID('f')}`,
    );
  });

  it.each([
    [
      'ADD https://example.com/a.tgz /a\n',
      'ADD https://example.com/a.tgz: remote content without --checksum',
    ],
    ['ARG IMG\nFROM $IMG\n', 'FROM $IMG: an ARG in it has no value'],
    ['COPY --from=ctx / /\n', 'build context https://example.com/x.git: remote content'],
  ])(
    'never repeats when the Dockerfile reads what nothing can vouch for (%j)',
    async (text, why) => {
      const r = await stateOf(
        { buildContexts: { ctx: 'https://example.com/x.git' } },
        [ID('a')],
        `FROM busybox\n${text}`.replace('FROM busybox\nARG', 'ARG'),
      );
      expect(r.state).toContain(`uncacheable (${why}`);
      expect(r.asked).toEqual([]);
    },
  );

  it('neverRepeats is never the same twice', () => {
    expect(neverRepeats('x')).not.toBe(neverRepeats('x'));
  });
});
