import { parseDockerfile } from '../dockerfile/parse';
import {
  checkFreshPlan,
  externalBases,
  falseFreshProblem,
  stageLabelOf,
  stagesBuiltFor,
} from './fresh-check';
import type { StepCounts } from './progress';
import { SolveStatusReader } from './solve-status';

const B = 'FROM busybox';
const info = (text: string) => parseDockerfile(text, { file: 'Dockerfile' });
const check =
  (text: string, f: { mode: string; stages?: string[]; bustArg?: string; target?: string }) => () =>
    checkFreshPlan(info(text), { file: 'Dockerfile', ...f });

describe('stagesBuiltFor', () => {
  const multi = `${B} AS deps\nRUN x\n${B} AS tools\nRUN y\nFROM deps AS build\nCOPY --from=tools /y /y\n${B} AS unused\n${B} AS app\nCOPY --from=build /a /a\n`;
  it.each([
    [undefined, [4, 2, 0, 1]], // app ← build ← deps, tools
    ['build', [2, 0, 1]],
    ['tools', [1]],
    ['UNUSED', [3]],
  ])('target %s builds stages %j', (target, expected) => {
    expect([...stagesBuiltFor(info(multi), target)].sort()).toEqual([...expected].sort());
  });

  it('follows COPY --from by stage index', () => {
    expect([...stagesBuiltFor(info(`${B}\nRUN x\n${B}\nCOPY --from=0 /x /x\n`))].sort()).toEqual([
      0, 1,
    ]);
  });
});

describe('checkFreshPlan', () => {
  it.each([
    [
      'no ARG at all',
      `${B}\nRUN a\n`,
      {},
      /declares no "ARG CACHE_BUST".*\nAdd "ARG CACHE_BUST" before the first RUN that must rerun, in stage 0 \(FROM on line 1\) or a stage it builds on\.$/s,
    ],
    [
      'a misnamed bustArg, listing the declared ARGs',
      `${B}\nARG CACHE_BUST\nARG OTHER=1\nRUN a\n`,
      { bustArg: 'CACHEBUST' },
      /declares no "ARG CACHEBUST"[\s\S]*set bustArg to one of the ARGs Dockerfile declares \(CACHE_BUST, OTHER\)\.$/,
    ],
    [
      'a global ARG only',
      `ARG CACHE_BUST\n${B}\nRUN a\n`,
      {},
      /only before the first FROM \(line 1\), where it reaches FROM lines but no step/,
    ],
    [
      'an ARG only in a stage that is not built',
      `${B} AS x\nARG CACHE_BUST\nRUN a\n${B} AS app\nRUN b\n`,
      {},
      /only in stages not built for this build \(its last stage\) \(line 2\)[\s\S]*in stage "app" \(FROM on line 4\)/,
    ],
    [
      'an ARG after every RUN',
      `${B}\nRUN a\nARG CACHE_BUST\nCMD x\n`,
      {},
      /"ARG CACHE_BUST" \(line 3\) comes after the last RUN of its stage/,
    ],
    [
      'an ARG in a stage not built for the target',
      `${B} AS a\nARG CACHE_BUST\nRUN a\n${B} AS b\nRUN b\n${B}\nCOPY --from=a /a /a\n`,
      { target: 'b' },
      /only in stages not built for target "b"/,
    ],
  ])('bust refuses %s', (_t, text, f, message) => {
    expect(check(text, { mode: 'bust', ...f })).toThrow(message);
  });

  it.each([
    ['an ARG before a RUN of the last stage', `${B}\nRUN a\nARG CACHE_BUST\nRUN b\n`, {}],
    [
      'a global ARG declared again in the stage',
      `ARG CACHE_BUST\n${B}\nARG CACHE_BUST\nRUN b\n`,
      {},
    ],
    [
      'an ARG with a default in a stage the last one copies from',
      `${B} AS deps\nARG CACHE_BUST=x\nRUN a\n${B}\nCOPY --from=deps /a /a\n`,
      {},
    ],
    ['a custom bustArg among others on one line', `${B}\nARG A=1 REV\nRUN b\n`, { bustArg: 'REV' }],
  ])('bust accepts %s', (_t, text, f) => {
    expect(check(text, { mode: 'bust', ...f })).not.toThrow();
  });

  it.each([
    [
      'an unknown stage, listing the named ones',
      ['nope'],
      undefined,
      /no stage named "nope" \(its named stages: deps, app, other\)[\s\S]*"FROM <image> AS nope"/,
    ],
    [
      'a stage the target does not build',
      ['deps'],
      'other',
      /stage "deps" \(line 1\) is not built for target "other"[\s\S]*\(stage "other"\)/,
    ],
  ])('stages refuses %s', (_t, stages, target, message) => {
    const text = `${B} AS deps\nRUN a\n${B} AS app\nCOPY --from=deps /a /a\n${B} AS other\n`;
    expect(check(text, { mode: 'stages', stages, target })).toThrow(message);
  });

  it('stages accepts existing stages in any case; other modes need nothing', () => {
    const text = `${B} AS deps\nRUN a\n${B}\nCOPY --from=deps /a /a\n`;
    expect(check(text, { mode: 'stages', stages: ['DEPS'] })).not.toThrow();
    expect(check(`${B}\n`, { mode: 'no-cache' })).not.toThrow();
    expect(check(`${B}\n`, { mode: 'prune' })).not.toThrow();
  });
});

describe('falseFreshProblem', () => {
  const steps = (...s: Array<[string, StepCounts['steps'][number]['outcome']]>): StepCounts => ({
    run: s.filter(([, o]) => o === 'run').length,
    cached: s.filter(([, o]) => o === 'cached').length,
    failed: 0,
    steps: s.map(([name, outcome]) => ({ name, outcome })),
  });

  it.each([
    [
      'bust with no step run',
      { mode: 'bust' },
      steps(['[stage-0 2/2] RUN a', 'cached']),
      /no step ran \(1 came from cache\)/,
    ],
    [
      'no-cache with a cached step',
      { mode: 'no-cache' },
      steps(['[stage-0 2/3] RUN a', 'run'], ['[stage-0 3/3] RUN b', 'cached']),
      /1 step\(s\) came from cache.*\n {2}\[stage-0 3\/3\] RUN b$/,
    ],
    [
      'prune with a cached step',
      { mode: 'prune' },
      steps(['[a 2/2] RUN a', 'cached']),
      /came from cache/,
    ],
    [
      'stages with a cached step in a named stage',
      { mode: 'stages', stages: ['Deps'] },
      steps(['[deps 2/2] RUN a', 'cached'], ['[stage-1 2/2] COPY x', 'run']),
      /1 step\(s\) of the stages to rebuild came from cache:\n {2}\[deps 2\/2\] RUN a$/,
    ],
  ])('%s is a false fresh', (_t, f, s, message) => {
    expect(falseFreshProblem(f, s)).toMatch(message);
  });

  it.each([
    [
      'bust with a step run',
      { mode: 'bust' },
      steps(['[stage-0 2/3] RUN a', 'cached'], ['[stage-0 3/3] RUN b', 'run']),
    ],
    ['bust with no steps seen at all (nothing to judge)', { mode: 'bust' }, steps()],
    ['no-cache with every step run', { mode: 'no-cache' }, steps(['[stage-0 2/2] RUN a', 'run'])],
    [
      'no-cache with a WORKDIR the base already has (BuildKit reports it CACHED)',
      { mode: 'no-cache' },
      steps(['[2/3] WORKDIR /app', 'cached'], ['[3/3] COPY dist /app', 'run']),
    ],
    [
      'stages with a cached WORKDIR in a stage to rebuild',
      { mode: 'stages', stages: ['deps'] },
      steps(['[deps 2/3] WORKDIR /app', 'cached'], ['[deps 3/3] RUN a', 'run']),
    ],
    [
      'stages with other stages cached',
      { mode: 'stages', stages: ['deps'] },
      steps(['[deps 2/2] RUN a', 'run'], ['[app 2/2] RUN b', 'cached']),
    ],
  ])('%s is fresh', (_t, f, s) => {
    expect(falseFreshProblem(f, s)).toBeUndefined();
  });

  it('reads real BuildKit progress: an all-cached build is a false fresh for no-cache', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(`${__dirname}/../__fixtures__/rawjson-all-cached.txt`, 'utf8');
    const reader = new SolveStatusReader();
    text.split('\n').forEach((line) => reader.push(line));
    const counts = reader.counts();
    expect(counts.cached).toBeGreaterThan(0);
    expect(falseFreshProblem({ mode: 'no-cache' }, counts)).toMatch(/came from cache/);
    expect(falseFreshProblem({ mode: 'bust' }, counts)).toMatch(/no step ran/);
  });
});

describe('stageLabelOf', () => {
  it.each([
    ['[build 2/3] RUN npm ci', 'build'],
    ['[stage-1 3/4] COPY --from=a /a /a', 'stage-1'],
    ['[Deps 1/1] RUN x', 'deps'],
    ['not a step', ''],
  ])('%s → %s', (name, label) => expect(stageLabelOf(name)).toBe(label));
});

describe('externalBases', () => {
  it('lists the images the built stages start from, ARGs resolved, without stages, scratch or digests', () => {
    const text = `ARG REG=127.0.0.1:5000\nFROM \${REG}/node:20 AS deps\nRUN a\nFROM deps AS build\nFROM scratch AS s\nFROM busybox@sha256:${'a'.repeat(64)} AS pinned\nFROM alpine:3 AS unused\nFROM \${REG}/node:20\nCOPY --from=build /a /a\nCOPY --from=s /b /b\nCOPY --from=pinned /c /c\nCOPY --from=127.0.0.1:5000/tools:1 /t /t\n`;
    expect(externalBases(info(text))).toEqual(['127.0.0.1:5000/node:20']);
  });
});
