import { lockGone, holderOf } from './cache-lock';

describe('lockGone', () => {
  const owner = { pid: 42, host: 'box', since: '2026-11-28T01:00:00.000Z' };
  const at = (o: { alive?: boolean; host?: string; age?: number } = {}) => ({
    now: 100_000,
    host: o.host ?? 'box',
    staleMs: 30_000,
    alive: () => o.alive ?? true,
  });
  it.each([
    ['an owner on this host that is running, refreshed just now', owner, 99_000, at(), undefined],
    [
      'an owner on this host that is gone',
      owner,
      99_000,
      at({ alive: false }),
      'is no longer running',
    ],
    [
      'an owner on another host, refreshed just now (cannot know: wait)',
      owner,
      99_000,
      at({ alive: false, host: 'other' }),
      undefined,
    ],
    [
      'an owner that has not refreshed for longer than the stale time (paused, or crashed elsewhere)',
      owner,
      60_000,
      at(),
      'has not refreshed it for 40s',
    ],
    ['no owner record yet (just taken)', undefined, 99_000, at({ alive: false }), undefined],
  ])('%s', (_, o, mtime, when, expected) => expect(lockGone(o, mtime, when)).toBe(expected));
});

describe('holderOf', () => {
  it('names the PID and host when the lock says who holds it', () => {
    expect(holderOf({ pid: 7, host: 'ci-1', since: '' })).toBe('the build with PID 7 on ci-1');
    expect(holderOf(undefined)).toBe('another build');
  });
});
