import { freshBuildOverrides } from './fresh';

describe('freshBuildOverrides', () => {
  it.each([
    [
      { mode: 'no-cache' },
      { build: { noCache: true, pull: true }, readsCache: false, prunesAll: false },
    ],
    [
      { mode: 'prune' },
      { build: { noCache: true, pull: true }, readsCache: false, prunesAll: true },
    ],
    [
      { mode: 'stages', stages: ['deps'] },
      { build: { noCacheFilter: ['deps'] }, readsCache: true, prunesAll: false },
    ],
    [
      { mode: 'bust', bustValue: 'v1' },
      { build: { buildArgs: { CACHE_BUST: 'v1' } }, readsCache: true, prunesAll: false },
    ],
    [
      { mode: 'bust', bustArg: 'REV', bustValue: 'v2' },
      { build: { buildArgs: { REV: 'v2' } }, readsCache: true, prunesAll: false },
    ],
  ] as const)('%j', (input, expected) => expect(freshBuildOverrides(input)).toEqual(expected));

  it('bust defaults to a new value every time', () => {
    const value = freshBuildOverrides({ mode: 'bust' }).build.buildArgs?.CACHE_BUST;
    expect(value).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('stages without stage names says which option is missing', () => {
    expect(() => freshBuildOverrides({ mode: 'stages' })).toThrow(
      /stages: mode "stages" needs the stage names/,
    );
  });
});
