import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageStateOf } from './image-state';
import { originOf, writeOrigins } from './tag-origins';

const ID = (c: string) => `sha256:${c.repeat(64)}`;
let ws: string;
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), 'nx-buildx-origins-'));
});
afterEach(() => rm(ws, { recursive: true, force: true }));

describe('tag origins', () => {
  it('keeps the first run that left an image under a tag, and takes the run that changed it', () => {
    expect(originOf(ws, 'api:latest', ID('a'))).toBeUndefined();
    writeOrigins(ws, ['api:latest'], [ID('a')], 'run-1');
    writeOrigins(ws, ['api:latest'], [ID('a')], 'run-2'); // an unchanged rebuild
    expect(originOf(ws, 'api:latest', ID('a'))).toBe('run-1');
    writeOrigins(ws, ['api:latest'], [ID('b')], 'run-3');
    expect(originOf(ws, 'api:latest', ID('a'))).toBeUndefined(); // not what the tag holds
    expect(originOf(ws, 'api:latest', ID('b'))).toBe('run-3');
  });

  it('tells the same image apart by the run that put it back (branch A, B, A: B must not hit)', async () => {
    const project = { name: 'api', root: 'apps/api', workspaceRoot: ws };
    const dockerfile = `FROM busybox@sha256:${'e'.repeat(64)}\n`;
    const stateWith = (id: string) =>
      imageStateOf(
        { tags: ['latest'] },
        project,
        {},
        {
          imageIds: async (refs) => refs.map(() => id),
          readFile: () => dockerfile,
          originOf: (tag, i) => originOf(ws, tag, i),
        },
      );
    writeOrigins(ws, ['api:latest'], [ID('a')], 'A1'); // branch A builds image a
    const beforeB1 = await stateWith(ID('a')); // B1 is stored under this state
    writeOrigins(ws, ['api:latest'], [ID('b')], 'B1');
    writeOrigins(ws, ['api:latest'], [ID('a')], 'A2'); // A again: the same image a
    const beforeB2 = await stateWith(ID('a'));
    expect(beforeB2).not.toBe(beforeB1);
    expect(beforeB2).toBe(`images api:latest=${ID('a')}@A2`);
  });
});
