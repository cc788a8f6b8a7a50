import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBuildxVersion } from '../builder/version';
import { parseOptions } from '../errors/zod-issues';
import { parseDuVerbose } from './du';
import type { PruneOptionsInput } from './prune';
import { parseTotal, pruneArgv, pruneOptionsSchema } from './prune';

const fixture = (name: string) => readFileSync(join(__dirname, '../__fixtures__', name), 'utf8');
const v013 = parseBuildxVersion(fixture('version.txt'));
const v019 = parseBuildxVersion('github.com/docker/buildx v0.19.3 48d6a39');
const args = (o: PruneOptionsInput, v = v013, kind?: 'buildx' | 'builder') =>
  pruneArgv(parseOptions(pruneOptionsSchema, o), v, kind).args;

describe('pruneArgv', () => {
  it('always forces (no prompt) and converts human durations to Go durations', () => {
    expect(args({ all: true, until: '7d', unusedFor: '36h', builder: 'ci' })).toEqual([
      'buildx', 'prune', '--force', '--builder', 'ci', '--all', '--filter', 'until=168h', '--filter', 'unused-for=36h',
    ]); // prettier-ignore
  });

  it('maps keepStorage to --keep-storage before buildx 0.18 and --reserved-space after', () => {
    expect(args({ keepStorage: '5GB' }, v013)).toEqual([
      'buildx',
      'prune',
      '--force',
      '--keep-storage',
      String(5 * 1024 ** 3),
    ]);
    expect(args({ keepStorage: '5GB' }, v019)).toEqual([
      'buildx',
      'prune',
      '--force',
      '--reserved-space',
      String(5 * 1024 ** 3),
    ]);
  });

  it('builds `docker builder prune` for the engine cache, which takes no --builder', () => {
    expect(args({ all: true, builder: 'x', keepStorage: '1GB' }, v019, 'builder')).toEqual([
      'builder', 'prune', '--force', '--all', '--keep-storage', String(1024 ** 3),
    ]); // prettier-ignore
  });

  it('passes raw filters through', () => {
    expect(args({ filters: ['type=regular'] })).toEqual([
      'buildx',
      'prune',
      '--force',
      '--filter',
      'type=regular',
    ]);
  });

  it.each([
    [{ until: 'yesterday' }, /until: "yesterday" is not a duration/],
    [{ keepStorage: 'lots' }, /keepStorage: "lots" is not a size/],
    [{ keep: '1GB' }, /unknown option "keep"/],
  ])('rejects %j', (o, message) => expect(() => args(o as PruneOptionsInput)).toThrow(message));
});

describe('prune and du output', () => {
  it('reads the reclaimed total of a prune, and 0 when nothing was pruned', () => {
    expect(parseTotal(fixture('prune-all.txt'))).toBe(264_600_000);
    expect(parseTotal(fixture('prune-nothing.txt'))).toBe(0);
  });

  it('reads du --verbose records and totals', () => {
    const du = parseDuVerbose(fixture('du-verbose.txt'));
    expect(du.totalBytes).toBe(264_600_000);
    expect(du.reclaimableBytes).toBe(264_600_000);
    expect(du.records.length).toBeGreaterThan(3);
    expect(du.records[0]).toEqual({
      id: '6kjoau3fw14xad61k92rl814x',
      description: '[1/2] COPY rootfs/ /',
      sizeBytes: 147_500_000,
      reclaimable: true,
      shared: true,
      mutable: false,
      type: 'regular',
      lastUsed: '3 minutes ago',
      usageCount: 1,
    });
  });
});

describe('prune and du output of buildx 0.29 (captured on dockerd 28.5.2)', () => {
  const v029 = (name: string) => fixture(`buildx-0.29/${name}`);

  it('reads the reclaimed total of buildx prune, builder prune, and 0 when nothing was pruned', () => {
    expect(parseTotal(v029('prune-all.txt'))).toBe(178_800_000);
    expect(parseTotal(v029('builder-prune-all.txt'))).toBe(52_790_000);
    expect(parseTotal(v029('prune-nothing.txt'))).toBe(0);
  });

  it('reads du --verbose records (which now list their parents) and totals', () => {
    const du = parseDuVerbose(v029('du-verbose.txt'));
    expect(du.totalBytes).toBe(178_800_000);
    expect(du.reclaimableBytes).toBe(178_800_000);
    expect(du.records).toHaveLength(9);
    expect(du.records[1]).toEqual({
      id: 'gwaqga6md5bs5wvsxk2evfjtb',
      description:
        'pulled from 127.0.0.1:5000/node:20-slim@sha256:7baf54a1dec87a39035c957ac3a3468dfa5d08c422888b6d629112210baccac7',
      sizeBytes: 4128,
      reclaimable: true,
      shared: true,
      mutable: false,
      type: 'regular',
      lastUsed: 'Less than a second ago',
      usageCount: 1,
    });
  });
});
