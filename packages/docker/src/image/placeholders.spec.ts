import { formatDate, interpolate, interpolateTag, releaseVersion } from './placeholders';

const base = {
  sha: '0123456789abcdef0123456789abcdef01234567',
  projectName: 'api',
  version: '1.4.2',
  date: new Date('2026-11-27T09:05:07Z'),
};

describe('placeholders', () => {
  it.each([
    ['{ref}', { branch: 'feat/Login' }, 'feat-Login'],
    ['{ref}', { tag: 'v2.0.0', branch: undefined }, 'v2.0.0'],
    ['pr-{pr}', { pr: '42', branch: 'feat/x' }, 'pr-42'],
    ['{tag}', { tag: 'api@2.1.0' }, 'api-2.1.0'],
    ['{major}.{minor}', { tag: 'v2.3.4' }, '2.3'],
    ['{major}.{minor}.{patch}', { tag: 'api@2.3.4' }, '2.3.4'],
    ['{major}', {}, '1'], // no tag: the project's version
    ['{date}', {}, '20261127'],
    ['{date:YYYY.MM.DD-HHmmss}', {}, '2026.11.27-090507'],
    ['{date:YYMMDD}', {}, '261127'],
  ])('%s with %j is %s', (template, values, expected) => {
    expect(interpolateTag(template, { ...base, ...values }, 'tags.0')).toBe(expected);
  });

  it.each([
    ['pr-{pr}', { branch: 'main' }],
    ['{branch}', { tag: 'v1.0.0' }],
    ['{tag}', { branch: 'main' }],
    ['{major}', { tag: 'v2.0.0-rc.1' }],
    ['{major}.{minor}', { version: '3.0.0-beta.2' }],
    ['{patch}', { version: undefined }],
  ])('leaves %s out of a build with %j', (template, values) => {
    expect(interpolateTag(template, { ...base, ...values }, 'tags.0')).toBeUndefined();
  });

  it('is an error, not a dropped tag, for a value every build should have', () => {
    expect(() => interpolateTag('{ref}', { ...base }, 'tags.1')).toThrow(
      /tags.1: \{ref\} in "\{ref\}" has no value here: neither a branch nor a tag/,
    );
    expect(() => interpolateTag('{sha}', { ...base, sha: undefined }, 'tags.0')).toThrow(
      /no CI variable gives the commit/,
    );
  });

  it('never drops a part of the image name: an event placeholder there is an error', () => {
    expect(() => interpolate('app-{pr}', base, 'imageName')).toThrow(
      /imageName: \{pr\} in "app-\{pr\}" has no value here: this is not a pull\/merge request build/,
    );
  });

  it('names the known placeholders when one is unheard of', () => {
    expect(() => interpolateTag('{commit}', base, 'tags.0')).toThrow(
      /unknown placeholder \{commit\} .*\{ref\}, \{tag\}, \{pr\}.*\{date:FORMAT\}/,
    );
  });

  it('takes x.y.z from the tag before the version, and none from a pre-release', () => {
    expect(releaseVersion({ tag: 'release-10.0.1', version: '1.0.0' })).toEqual({
      major: '10',
      minor: '0',
      patch: '1',
    });
    expect(releaseVersion({ tag: 'nightly', version: '1.0.0' })?.major).toBe('1');
    expect(releaseVersion({ tag: 'v1.2.3+build.5' })?.patch).toBe('3');
    expect(releaseVersion({ version: '1.2' })).toBeUndefined();
  });

  it('formats dates in UTC', () => {
    expect(formatDate(new Date('2026-01-02T23:59:58-05:00'), 'YYYY-MM-DD HH:mm:ss')).toBe(
      '2026-01-03 04:59:58',
    );
  });
});
