import { insideWorkspace } from './workspace-path';

describe('insideWorkspace', () => {
  it('gives a directory inside the workspace relative to it, in POSIX form', () => {
    expect(insideWorkspace('/ws', '/ws/.cache/nx-buildx')).toBe('.cache/nx-buildx');
  });

  it.each([
    ['the root itself', '/ws'],
    ['a directory outside', '/home/u/.cache/nx-buildx'],
    ['a sibling sharing the prefix', '/ws-other/cache'],
  ])('gives undefined for %s', (_, dir) => {
    expect(insideWorkspace('/ws', dir)).toBeUndefined();
  });
});
