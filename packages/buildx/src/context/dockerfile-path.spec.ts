import { dockerfilePathWarnings } from './dockerfile-path';

describe('dockerfilePathWarnings', () => {
  it.each([
    ['apps/api/Dockerfile', []],
    ['apps/api/Dockerfile.prod', []],
    ['docker/api.Dockerfile', []],
    ['apps/api/.npmrc', [/named like a credentials file/]],
    ['.env.production', [/named like a credentials file/]],
    ['../other/Dockerfile', [/outside the workspace/]],
    ['/etc/.netrc', [/outside the workspace/, /named like a credentials file/]],
  ])('%s', (file, expected) => {
    const warnings = dockerfilePathWarnings(file, '/work/ws');
    expect(warnings).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(warnings[i]).toMatch(re));
  });
});
