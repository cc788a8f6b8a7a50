import { usesGit } from './git-facts';

const options = { ociLabels: false, tags: ['latest'] };

describe('usesGit', () => {
  test.each([
    [{ ...options, ociLabels: true }, true],
    [options, false],
    [{ ...options, tags: ['latest', '{shortSha}'] }, true],
    [{ ...options, tags: ['v-{sha}'] }, true],
    [{ ...options, imageName: 'app-{branch}' }, true],
    [{ ...options, registry: 'r.example/{branch}' }, true],
    [{ ...options, tags: ['{version}', '{projectName}-{date}'] }, false],
  ])('%j → %s', (o, expected) => {
    expect(usesGit(o)).toBe(expected);
  });
});
