import { batchStallLimit } from './batch';

describe('batchStallLimit (one bake, one stall limit)', () => {
  it.each([
    [['10m', '90s'], 600_000],
    [['90s'], 90_000],
    [['10m', undefined], undefined],
    [[], undefined],
  ])('%j → %p ms', (given, limit) => expect(batchStallLimit(given)).toBe(limit));

  it('names the option when a value is not a duration', () => {
    expect(() => batchStallLimit(['soon'])).toThrow(/stallTimeout: "soon" is not a duration/);
  });
});
