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
    [{ ...options, tags: ['{date:YYYYMMDD}', '{versioned}'] }, false],
    [{ ...options, tags: ['{ref}'] }, true],
    [{ ...options, tags: ['{tag}'] }, true],
    [{ ...options, tags: ['pr-{pr}'] }, true],
    [{ ...options, tags: ['{major}.{minor}'] }, true],
    [{ ...options, latest: 'auto' as const }, true],
    [{ ...options, latest: true }, false],
  ])('%j → %s', (o, expected) => {
    expect(usesGit(o)).toBe(expected);
  });
});
