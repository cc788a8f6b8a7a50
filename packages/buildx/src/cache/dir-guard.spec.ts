// The cache directory rules, on real temporary directories (nothing is created or removed).
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testdir } from '../testing/testdir';
import {
  cacheDirProblem,
  cacheInContextProblem,
  exposedInContext,
  workspaceRelation,
} from './dir-guard';
import { writeCacheMarker } from './marker';

describe('workspaceRelation', () => {
  it.each([
    ['/ws', '/ws', 'workspace'],
    ['/', '/ws', 'ancestor'],
    ['/home', '/home/u/ws', 'ancestor'],
    ['/ws/tools/cache', '/ws', undefined],
    ['/ws2', '/ws', undefined],
    ['/w', '/ws', undefined],
  ])('%s against the workspace %s: %s', (dir, root, expected) =>
    expect(workspaceRelation(dir, root)).toBe(expected),
  );
});

describe('cacheDirProblem', () => {
  let ws: string;
  beforeEach(async () => {
    ws = await testdir({ 'src/a.ts': 'a', 'tools/victim/notes.txt': 'mine', 'file.txt': 'f' });
  });
  afterEach(() => rm(ws, { recursive: true, force: true }));
  const problem = (dir: string) => cacheDirProblem({ dir: join(ws, dir), workspaceRoot: ws });

  it.each([
    [
      '.',
      'workspace',
      /^cacheDir "." \(.*\) is the workspace root: the plugin replaces and deletes/,
    ],
    ['..', 'ancestor', /^cacheDir "\/tmp" contains the workspace \/tmp\/nx-buildx-test-/],
    [
      'tools/victim',
      'not-ours',
      /^cacheDir "tools\/victim" \(.*\) is not empty and was not created by nx-buildx \(it has no \.nx-buildx-cache marker\)/,
    ],
    ['file.txt', 'not-a-directory', /^cacheDir "file.txt" \(.*\) is a file, not a directory/],
  ])('refuses %s (%s) and says how to fix it', async (dir, reason, message) => {
    const p = await problem(dir);
    expect(p).toMatchObject({ code: 'CACHE_DIR_UNSAFE', reason, option: 'cacheDir' });
    expect(p?.message).toMatch(message);
    expect(p?.message).toMatch(/Point cacheDir at a new or empty directory of its own/);
  });

  it('refuses the workspace through a symbolic link to it', async () => {
    await symlink(ws, join(ws, 'tools/here'));
    expect(await problem('tools/here')).toMatchObject({ reason: 'workspace' });
  });

  it('accepts a missing, an empty or a marked directory', async () => {
    await mkdir(join(ws, 'tools/empty'));
    await mkdir(join(ws, 'tools/marked'));
    await writeCacheMarker(join(ws, 'tools/marked'));
    await writeFile(join(ws, 'tools/marked/index.json'), '{}');
    for (const dir of ['tools/missing/deep', 'tools/empty', 'tools/marked'])
      expect(await problem(dir)).toBeUndefined();
  });

  it.each(['.next', '.old'])(
    'refuses a DIR%s beside it that the plugin did not make',
    async (suffix) => {
      await mkdir(join(ws, `tools/c${suffix}`));
      await writeFile(join(ws, `tools/c${suffix}/x`), 'mine');
      const p = await problem('tools/c');
      expect(p).toMatchObject({ reason: 'sibling-not-ours' });
      expect(p?.message).toMatch(
        new RegExp(`has a c\\${suffix} beside it .* that nx-buildx did not create`),
      );
      expect(p?.message).toMatch(new RegExp(`Move or rename .*tools/c\\${suffix}`));
    },
  );

  it('names the option it was given', async () => {
    expect(
      (await cacheDirProblem({ dir: ws, workspaceRoot: ws, option: 'localCaches' }))?.message,
    ).toMatch(/^localCaches "\."/);
  });
});

describe('exposedInContext', () => {
  it.each([
    ['c', [], ['c', 'c.lock', 'c.old', 'c.run.next']],
    ['c', ['c'], ['c.lock', 'c.old', 'c.run.next']],
    ['c', ['c*'], []],
    ['tools/c', ['tools'], []],
    ['tools/c', ['**/c*'], []],
    ['c', ['c/*', 'c.*'], []],
    ['c', ['c*', '!c'], ['c']],
  ])('%s with .dockerignore %j: still sent %j', (rel, patterns, exposed) =>
    expect(exposedInContext(rel, patterns)).toEqual(exposed.map((p) => rel.replace(/c$/, p))),
  );
});

describe('cacheInContextProblem', () => {
  let ws: string;
  beforeEach(async () => {
    ws = await testdir({ 'apps/api/Dockerfile': 'FROM scratch\n' });
  });
  afterEach(() => rm(ws, { recursive: true, force: true }));
  const check = (dir: string, context = '.', dockerfile = 'apps/api/Dockerfile') =>
    cacheInContextProblem({ dir: join(ws, dir), workspaceRoot: ws, cwd: ws, context, dockerfile });

  it('refuses a cache inside the context that no .dockerignore excludes, naming the fix', async () => {
    const p = await check('tools/cache');
    expect(p).toMatchObject({ reason: 'in-context', option: 'cacheDir', path: 'tools/cache' });
    expect(p?.message).toMatch(
      /^cacheDir "tools\/cache" is inside the build context "\." and not excluded by its \.dockerignore/,
    );
    expect(p?.message).toMatch(
      /Add "tools\/cache\*" to \.dockerignore, or move cacheDir outside the context/,
    );
  });

  it('accepts it once the .dockerignore that applies excludes it (the Dockerfile’s own wins)', async () => {
    await writeFile(join(ws, '.dockerignore'), 'tools/cache*\n');
    expect(await check('tools/cache')).toBeUndefined();
    await writeFile(join(ws, 'apps/api/Dockerfile.dockerignore'), 'node_modules\n');
    expect(await check('tools/cache')).toMatchObject({ reason: 'in-context' });
  });

  it('accepts a cache outside the context, and remote contexts', async () => {
    expect(await check('tools/cache', 'apps/api')).toBeUndefined();
    expect(await check('tools/cache', 'https://github.com/acme/repo.git')).toBeUndefined();
  });
});
