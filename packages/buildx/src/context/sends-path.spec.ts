import { contextSendsPath, pathInContext } from './sends-path';
import { testdir } from '../testing/testdir';

describe('contextSendsPath', () => {
  const report = 'dist/docker/apps/a/metadata.json';

  it.each([
    ['no .dockerignore', {}, true],
    ['dist excluded', { '.dockerignore': 'dist\n' }, false],
    ['dist/docker excluded', { '.dockerignore': '# ours\ndist/docker\n' }, false],
    ['everything but src excluded', { '.dockerignore': '*\n!src\n' }, false],
    ['only node_modules excluded', { '.dockerignore': 'node_modules\n' }, true],
    ['excluded, then re-included', { '.dockerignore': `dist\n!${report}\n` }, true],
  ])('%s', async (_, files, sent) => {
    const dir = await testdir(files as Record<string, string>);
    expect(await contextSendsPath(dir, `${dir}/${report}`)).toBe(sent);
  });

  it('a path outside the context is never sent', async () => {
    const dir = await testdir({});
    expect(await contextSendsPath(`${dir}/apps/a`, `${dir}/${report}`)).toBe(false);
  });

  it('the Dockerfile-specific .dockerignore wins over the context one', async () => {
    const dir = await testdir({
      '.dockerignore': 'node_modules\n',
      'apps/a/Dockerfile.dockerignore': 'dist\n',
    });
    expect(await contextSendsPath(dir, `${dir}/${report}`, 'apps/a/Dockerfile')).toBe(false);
    expect(await contextSendsPath(dir, `${dir}/${report}`)).toBe(true);
  });
});

describe('pathInContext', () => {
  it('gives a path inside the folder relative to it, in POSIX form', () => {
    expect(pathInContext('/ws', '/ws/.cache/nx-buildx')).toBe('.cache/nx-buildx');
  });

  it.each([
    ['the folder itself', '/ws'],
    ['a path outside', '/home/u/.cache/nx-buildx'],
    ['a sibling sharing the prefix', '/ws-other/cache'],
  ])('gives undefined for %s', (_, path) => {
    expect(pathInContext('/ws', path)).toBeUndefined();
  });
});
