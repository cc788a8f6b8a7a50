// Step counts in every progress mode, on the real engine: the summary's "N steps run,
// M cached" must never be a wrong figure, whatever the user asked to see.
import { rm } from 'node:fs/promises';
import { removeImages } from '../testing/container';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';
import { runBuild } from './run';

jest.setTimeout(180_000);

describe.each(['plain', 'auto', 'tty', 'quiet', 'rawjson'] as const)('progress %s', (progress) => {
  const marker = uniqueName(`progress-${progress}`);
  const tag = `nx-buildx-test/${marker}:latest`;
  let dir: string;
  beforeAll(async () => {
    dir = await testdir({
      Dockerfile: `FROM ${LOCAL_REGISTRY}/busybox:latest\nRUN echo ${marker} > /a\nCOPY f /f\nRUN cat /a /f\n`,
      f: 'x',
    });
  });
  afterAll(async () => {
    await removeImages([tag]);
    await rm(dir, { recursive: true, force: true });
  });

  it('counts 3 steps run on the first build, 3 cached on the next, and shows what was asked', async () => {
    const first: string[] = [];
    const built = await runBuild(
      { context: dir, tags: [tag], load: true, progress },
      { onLine: (l) => first.push(l) },
    );
    expect(built.steps).toMatchObject({ run: 3, cached: 0, failed: 0 });

    const again = await runBuild({ context: dir, tags: [tag], load: true, progress });
    expect(again.steps).toMatchObject({ run: 0, cached: 3, failed: 0 });

    const shown = first.join('\n');
    if (progress === 'quiet') expect(shown).toBe('');
    else if (progress === 'rawjson') expect(shown).toMatch(/"vertexes": ?\[/);
    else expect(shown).toMatch(new RegExp(`^#\\d+ \\d+\\.\\d{3} ${marker}$`, 'm'));
  });
});
