import { InvalidOptionError } from '@nx-buildx/buildx';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMetadataTarget, reportInContextWarning } from './metadata-target';
import { REPORT_WRITER, writeJsonAtomic } from '../image/report';

const o = { suggestion: 'dist/docker/apps/a/metadata.json', subject: 'options for a' };
const check = (path: string) => checkMetadataTarget(path, o);
const made: string[] = [];
const tmp = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nx-buildx-meta-'));
  made.push(dir);
  return dir;
};
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

describe('checkMetadataTarget', () => {
  it('accepts a new path (parents missing) and a report this plugin wrote, leaving nothing behind', async () => {
    const dir = await tmp();
    await expect(check(join(dir, 'a/b/metadata.json'))).resolves.toBeUndefined();
    await writeFile(join(dir, 'ours.json'), JSON.stringify({ writtenBy: REPORT_WRITER }));
    await expect(check(join(dir, 'ours.json'))).resolves.toBeUndefined();
    expect(await readdir(dir)).toEqual(['ours.json']);
  });

  it.each([
    [
      'a folder',
      async (d: string) => (await mkdir(join(d, 'x')), join(d, 'x')),
      /"[^"]+\/x" is a directory; it must name a file/,
    ],
    [
      'a user file',
      async (d: string) => (await writeFile(join(d, 'notes.txt'), 'mine'), join(d, 'notes.txt')),
      /already exists and is not a build report of @nx-buildx\/docker/,
    ],
    [
      'a user JSON file',
      async (d: string) => (await writeFile(join(d, 'p.json'), '{"name":"x"}'), join(d, 'p.json')),
      /is not a build report/,
    ],
    [
      'a path under a file',
      async (d: string) => (await writeFile(join(d, 'f'), ''), join(d, 'f/metadata.json')),
      /is a file, so .* cannot be created under it/,
    ],
    ['/proc', async () => '/proc/x/metadata.json', /is under \/proc, where no file can be written/],
    ['/sys', async () => '/sys/metadata.json', /is under \/sys/],
    ['/dev via a symlink', async () => '/dev/fd/metadata.json', /is under \/(proc|dev)/],
  ])('refuses %s, naming metadataFile', async (_, make, message) => {
    const dir = await tmp();
    const path = await make(dir);
    const before = await readdir(dir);
    const err = await check(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidOptionError);
    expect((err as InvalidOptionError).problems).toEqual([
      { path: 'metadataFile', message: expect.stringMatching(message) },
    ]);
    expect((err as Error).message).toMatch(/Point metadataFile at a new file in the workspace/);
    expect(await readdir(dir)).toEqual(before);
  });

  it('leaves a user file byte for byte as it was', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    await check(join(dir, 'notes.txt')).catch(() => undefined);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('writeJsonAtomic', () => {
  it('leaves no temporary file when the target is a folder', async () => {
    const dir = await tmp();
    await mkdir(join(dir, 'x'));
    await expect(writeJsonAtomic(join(dir, 'x'), {})).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['x']);
  });
});

describe('reportInContextWarning', () => {
  it('warns when the report would be sent with the context, naming the fix', async () => {
    const ws = await tmp();
    const w = await reportInContextWarning(join(ws, 'dist/docker/apps/a/metadata.json'), {
      cwd: ws,
      context: '.',
    });
    expect(w).toMatch(
      /metadataFile "dist\/docker\/apps\/a\/metadata.json" lies inside the build context "."/,
    );
    expect(w).toMatch(
      /Add "dist\/docker" to .dockerignore, or set metadataFile outside the context/,
    );
  });

  it('names the .dockerignore BuildKit reads: <Dockerfile>.dockerignore when there is one', async () => {
    const ws = await tmp();
    await mkdir(join(ws, 'apps/a'), { recursive: true });
    await writeFile(join(ws, 'apps/a/Dockerfile'), 'FROM busybox\nCOPY . /app\n');
    await writeFile(join(ws, 'apps/a/Dockerfile.dockerignore'), 'node_modules\n');
    const w = await reportInContextWarning(join(ws, 'dist/docker/apps/a/metadata.json'), {
      cwd: ws,
      context: '.',
      file: 'apps/a/Dockerfile',
    });
    expect(w).toMatch(/Add "dist\/docker" to apps\/a\/Dockerfile\.dockerignore, or set/);
  });

  it.each([
    ['COPY . /app', true],
    ['COPY dist ./dist', true],
    ['COPY dist/docker/apps/a/metadata.json /m.json', true],
    ['COPY dist/*/apps /x', true],
    ['COPY $SRC /src', true],
    ['COPY dist/apps/a /app\nCOPY package.json /', false],
    ['COPY --from=base / /\nRUN true', false],
  ])(
    'with a Dockerfile doing %s: warns %s (only a COPY/ADD that reaches the report is never cached)',
    async (copy, warns) => {
      const ws = await tmp();
      await writeFile(join(ws, 'Dockerfile'), `FROM busybox AS base\nFROM busybox\n${copy}\n`);
      const w = await reportInContextWarning(join(ws, 'dist/docker/apps/a/metadata.json'), {
        cwd: ws,
        context: '.',
      });
      expect(w !== undefined).toBe(warns);
    },
  );

  it.each([
    ['.dockerignore excludes dist', { '.dockerignore': 'dist\n' }, '.'],
    ['the context is the project folder', {}, 'apps/a'],
    ['the context is a git URL', {}, 'https://github.com/acme/app.git'],
  ])('is quiet when %s', async (_, files, context) => {
    const ws = await tmp();
    for (const [p, c] of Object.entries(files)) await writeFile(join(ws, p), c);
    await mkdir(join(ws, 'apps/a'), { recursive: true });
    expect(
      await reportInContextWarning(join(ws, 'dist/docker/apps/a/metadata.json'), {
        cwd: ws,
        context,
      }),
    ).toBeUndefined();
  });
});
