import { rm } from 'node:fs/promises';
import { testdir } from '../testing/testdir';
import {
  isOutside,
  largeContextMessage,
  largestEntries,
  localContextDir,
} from './size-warning';

describe('isOutside / localContextDir', () => {
  it.each([
    ['/ws', '/ws', false],
    ['/ws/apps/api', '/ws', false],
    ['/ws/..foo', '/ws', false],
    ['/', '/ws', true],
    ['/other', '/ws', true],
    ['/ws-sibling', '/ws', true],
  ])('%s in workspace %s → outside: %s', (dir, ws, outside) => {
    expect(isOutside(dir, ws)).toBe(outside);
  });

  it.each([
    ['../..', '/a/b/ws', '/a'],
    ['.', '/ws', '/ws'],
    ['https://github.com/x/y.git', '/ws', undefined],
    ['git@github.com:x/y.git', '/ws', undefined],
    ['-', '/ws', undefined],
  ])('%s from %s → %s', (context, cwd, dir) => {
    expect(localContextDir(context, cwd)).toBe(dir);
  });
});

describe('largestEntries', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('sums what Docker would send per top-level entry, .dockerignore applied, largest first', async () => {
    dir = await testdir({
      '.dockerignore': 'dist\n',
      'node_modules/a/index.js': 'x'.repeat(3000),
      'node_modules/b/index.js': 'x'.repeat(2000),
      'src/main.ts': 'x'.repeat(100),
      'dist/huge.js': 'x'.repeat(100_000),
      'package.json': 'x'.repeat(10),
    });
    expect(await largestEntries(dir, { limit: 3 })).toEqual([
      { path: 'node_modules/', bytes: 5000 },
      { path: 'src/', bytes: 100 },
      { path: 'package.json', bytes: 10 },
    ]);
  });
});

describe('largeContextMessage', () => {
  it('says what was sent, the largest entries and which directories to ignore', () => {
    const text = largeContextMessage(
      '.',
      104.86e6,
      [
        { path: 'node_modules/', bytes: 100e6 },
        { path: 'src/', bytes: 4e6 },
        { path: 'package.json', bytes: 800 },
      ],
      false,
    );
    expect(text).toBe(
      [
        'the build sent a 104.9 MB context (.); the largest entries Docker may send from it:',
        '   100.0 MB  node_modules/',
        '     4.0 MB  src/',
        '      800 B  package.json',
        'List what the image does not need in a new .dockerignore at the context root (e.g. node_modules), or COPY only what the image needs.',
      ].join('\n'),
    );
  });
});
