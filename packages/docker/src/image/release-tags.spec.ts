import { parseReleaseVersion, releaseTags } from './release-tags';

const tagsOf = (version: string, o = { aliases: true, latest: false }, extra?: string) => {
  const v = parseReleaseVersion(version);
  if (!v) throw new Error(`not a version: ${version}`);
  return releaseTags(v, { ...o, extra });
};

describe('release tags', () => {
  test.each([
    ['1.2.3', ['1.2.3', '1.2', '1']],
    ['v1.2.3', ['1.2.3', '1.2', '1']],
    ['0.1.0', ['0.1.0', '0.1', '0']],
    ['2.0.0-rc.1', ['2.0.0-rc.1']],
    ['1.2.3+build.5', ['1.2.3-build.5', '1.2', '1']],
  ])('%s is pushed as %j', (version, tags) => {
    expect(tagsOf(version)).toEqual(tags);
  });

  it('adds latest only for a stable version, and the extra tag once', () => {
    expect(tagsOf('1.2.3', { aliases: true, latest: true }, 'next')).toEqual([
      '1.2.3',
      '1.2',
      '1',
      'latest',
      'next',
    ]);
    expect(tagsOf('1.2.3-beta.0', { aliases: true, latest: true }, 'beta')).toEqual([
      '1.2.3-beta.0',
      'beta',
    ]);
    expect(tagsOf('1.2.3', { aliases: false, latest: false }, '1.2.3')).toEqual(['1.2.3']);
  });

  test.each(['1.2', 'latest', '01.2.3', '1.2.3.4', ''])('%j is not a release version', (v) => {
    expect(parseReleaseVersion(v)).toBeUndefined();
  });
});
