import type { BuildReport } from './report';
import { stepsText, summaryLine } from './report';

const report: BuildReport = {
  writtenBy: '@nx-buildx/docker',
  project: 'api',
  image: 'reg/api',
  tags: ['reg/api:latest'],
  digest: `sha256:${'ab'.repeat(32)}`,
  platforms: [],
  steps: { run: 3, cached: 1 },
  cacheStrategy: 'local',
  cacheAuto: null,
  fresh: null,
  durationMs: 12_345,
  builtAt: '2026-11-28T00:00:00.000Z',
};

describe('summaryLine', () => {
  it('names the image, short digest, steps, time and cache strategy', () => {
    expect(summaryLine(report)).toBe(
      'reg/api:latest sha256:abababababab — 3 steps run, 1 cached — 12.3s — cache: local',
    );
  });

  it('says "step" for one, and the fresh mode and a missing digest', () => {
    expect(
      summaryLine({ ...report, steps: { run: 1, cached: 0 }, digest: null, fresh: 'bust' }),
    ).toBe('reg/api:latest no digest — 1 step run, 0 cached — 12.3s — cache: local, fresh: bust');
    expect(stepsText({ run: 0, cached: 2 })).toBe('0 steps run, 2 cached');
  });

  it('says what auto became and why', () => {
    expect(
      summaryLine({
        ...report,
        cacheStrategy: 'none',
        cacheAuto: 'not on CI: the engine keeps it',
      }),
    ).toMatch(/ — cache: auto → none \(not on CI: the engine keeps it\)$/);
  });
});
