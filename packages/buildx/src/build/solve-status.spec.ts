import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlainRenderer, SolveStatusReader } from './solve-status';

// Captured from the real engine: `--progress rawjson` of a two-stage build, its cached
// rebuild, a failing RUN and a two-target bake. buildx 0.13.1 pretty-prints each JSON
// object over many lines (__fixtures__/), buildx 0.29.1 prints one a line (buildx-0.29/).
const BUILDX_FIXTURES = { '0.13': '', '0.29': 'buildx-0.29' } as const;
let fixtureDir = '';
const fixture = (name: string) =>
  readFileSync(join(__dirname, '../__fixtures__', fixtureDir, `rawjson-${name}.txt`), 'utf8');

function read(name: string) {
  const rendered: string[] = [];
  const text: string[] = [];
  const renderer = new PlainRenderer((line) => rendered.push(line));
  const reader = new SolveStatusReader({
    onStatus: (s) => renderer.render(s),
    onText: (line) => text.push(line),
  });
  for (const line of fixture(name).split('\n')) reader.push(line);
  return { reader, renderer, rendered, text };
}

describe.each(Object.entries(BUILDX_FIXTURES))('SolveStatusReader (buildx %s)', (_, dir) => {
  beforeAll(() => {
    fixtureDir = dir;
  });

  it.each([
    ['first-build', { run: 3, cached: 0, failed: 0 }],
    ['all-cached', { run: 0, cached: 3, failed: 0 }],
    ['failed', { run: 0, cached: 0, failed: 1 }],
    ['bake', { run: 4, cached: 0, failed: 0 }],
  ])('counts the Dockerfile steps of %s, not FROM or internal vertices', (name, counts) => {
    expect(read(name).reader.counts()).toMatchObject(counts);
  });

  it('names each step with its outcome, bake targets keeping their prefix', () => {
    expect(
      read('bake')
        .reader.counts()
        .steps.map((s) => `${s.outcome} ${s.name}`),
    ).toEqual(
      expect.arrayContaining([
        'run [one base 2/2] RUN echo hi > /a',
        'run [one stage-1 1/2] COPY msg.txt /msg.txt',
        expect.stringMatching(/^run \[two 2\/2\] RUN echo two-\d+ > \/two$/),
      ]),
    );
  });

  it('passes buildx text after the JSON (the error block) through as text lines', () => {
    const { text } = read('failed');
    expect(text).toContain('   2 | >>> RUN echo "about to fail" && exit 3');
    // 0.29 says `ERROR: failed to build: failed to solve: …`
    expect(text.filter((l) => /^ERROR: (failed to build: )?failed to solve/.test(l))).toHaveLength(
      1,
    );
  });

  it('tells the failing step, its error and its own last log lines', () => {
    const { reader, renderer } = read('failed');
    expect(reader.failure(renderer.logs)).toEqual({
      step: '[2/2] RUN echo "about to fail" && exit 3',
      error:
        'process "/bin/sh -c echo \\"about to fail\\" && exit 3" did not complete successfully: exit code: 3',
      lines: ['about to fail'],
    });
    expect(read('first-build').reader.failure(new Map())).toBeUndefined();
  });

  it('does not lose a line that is not JSON inside an object-looking block', () => {
    const text: string[] = [];
    const reader = new SolveStatusReader({ onText: (l) => text.push(l) });
    ['{', 'not json', '}', 'after'].forEach((l) => reader.push(l));
    expect(text).toEqual(['{', 'not json', '}', 'after']);
  });
});

describe.each(Object.entries(BUILDX_FIXTURES))('PlainRenderer (buildx %s)', (_, dir) => {
  beforeAll(() => {
    fixtureDir = dir;
  });

  it('reads like --progress plain: steps when they start, logs, DONE and CACHED', () => {
    expect(read('first-build').rendered).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^#\d+ \[base 2\/2\] RUN echo hi > \/a$/),
        expect.stringMatching(/^#\d+ \d+\.\d{3} v\d+$/),
        expect.stringMatching(/^#\d+ DONE \d+\.\d+s$/),
        expect.stringMatching(/^#\d+ transferring context: \d+B done$/),
      ]),
    );
    const cached = read('all-cached').rendered;
    expect(cached.filter((l) => /^#\d+ CACHED$/.test(l))).toHaveLength(3);
    // A step is named once, before its outcome.
    const step = cached.find((l) => l.endsWith('RUN echo hi > /a')) as string;
    const n = step.split(' ')[0] as string;
    expect(cached.indexOf(step)).toBeLessThan(cached.indexOf(`${n} CACHED`));
    expect(cached.filter((l) => l === step)).toHaveLength(1);
  });

  it('shows the failing step with its error', () => {
    expect(read('failed').rendered).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^#\d+ \d+\.\d{3} about to fail$/),
        expect.stringMatching(/^#\d+ ERROR: process .* exit code: 3$/),
      ]),
    );
  });
});

describe('SolveStatusReader.contextBytes', () => {
  // msg.txt and the .dockerignore read , then
  // only the (empty) .dockerignore read
  it.each([
    ['0.13', 41, 2],
    ['0.29', 41, 2],
  ] as const)(
    'is the size BuildKit reported sending for the build context (buildx %s)',
    (v, first, failed) => {
      fixtureDir = BUILDX_FIXTURES[v];
      expect(read('first-build').reader.contextBytes).toBe(first);
      expect(read('failed').reader.contextBytes).toBe(failed);
    },
  );
});
