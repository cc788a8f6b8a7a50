import fc from 'fast-check';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testdir } from '../testing/testdir';
import {
  DockerignoreError,
  contextDigest,
  contextFiles,
  ignorePatterns,
  parseDockerignore,
} from './files';

describe('contextFiles', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const make = async (tree: Parameters<typeof testdir>[0]) => {
    const dir = await testdir(tree);
    dirs.push(dir);
    return dir;
  };

  it('honours **, ! exceptions and leading /', async () => {
    const dir = await make({
      '.dockerignore': [
        '# deps',
        'node_modules',
        '**/*.log',
        '!keep.log',
        '/tmp',
        'dist/*',
        '!dist/app.js',
      ].join('\n'),
      'node_modules/x/index.js': '',
      'a.log': '',
      'src/deep/b.log': '',
      'keep.log': '',
      'tmp/t': '',
      'src/tmp/kept': '',
      'dist/app.js': '',
      'dist/map.js': '',
      'src/index.ts': '',
      link: { symlink: 'src/index.ts' },
    });
    expect(await contextFiles(dir)).toEqual([
      '.dockerignore',
      'dist/app.js',
      'keep.log',
      'link',
      'src/index.ts',
      'src/tmp/kept',
    ]);
  });

  it('prefers <Dockerfile>.dockerignore beside the Dockerfile', async () => {
    const dir = await make({
      '.dockerignore': 'apps',
      'apps/api/Dockerfile': 'FROM x',
      'apps/api/Dockerfile.dockerignore': 'libs',
      'libs/a.ts': '',
    });
    expect(await ignorePatterns(dir, 'apps/api/Dockerfile')).toEqual(['libs']);
    expect(await contextFiles(dir, { dockerfile: 'apps/api/Dockerfile' })).toEqual([
      '.dockerignore',
      'apps/api/Dockerfile',
      'apps/api/Dockerfile.dockerignore',
    ]);
  });

  it('a .dockerignore with only ! lines excludes nothing', async () => {
    const dir = await make({ '.dockerignore': '!a\n!b/**', a: '', 'b/c': '', d: '' });
    expect(await contextFiles(dir)).toEqual(['.dockerignore', 'a', 'b/c', 'd']);
  });

  it('digests names and contents stably', async () => {
    const one = await make({ a: '1', 'b/c': '2' });
    const same = await make({ 'b/c': '2', a: '1' });
    const changed = await make({ a: '1', 'b/c': '3' });
    expect(await contextDigest(one)).toBe(await contextDigest(same));
    expect(await contextDigest(one)).not.toBe(await contextDigest(changed));
    expect(await contextDigest(one)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('parses .dockerignore lines', () => {
    expect(parseDockerignore('# c\n\n  a  \r\n!b\n')).toEqual(['a', '!b']);
  });

  it('never crashes on random .dockerignore text: a file list or a DockerignoreError', async () => {
    const dir = await make({ 'a/b.txt': '', 'c.log': '', '.x': '' });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom('**', '!', '/', '*.log', '!a/**', '[', '\\', '[a-', '?'),
          ),
          { maxLength: 8 },
        ),
        async (lines) => {
          await writeFile(join(dir, '.dockerignore'), lines.join('\n'));
          try {
            const files = await contextFiles(dir);
            return Array.isArray(files) && files.every((f) => !f.startsWith('/'));
          } catch (err) {
            return err instanceof DockerignoreError;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
