import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globProblem, MAX_DOCKERFILE_BYTES, readDockerfileText } from './read-dockerfile';

describe('readDockerfileText', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-buildx-read-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a Dockerfile', async () => {
    await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
    expect(readDockerfileText(join(dir, 'Dockerfile'))).toBe('FROM scratch\n');
  });

  it('refuses one larger than the cap, naming it and its size', async () => {
    await truncate(join(dir, 'big'), 0).catch(() => writeFile(join(dir, 'big'), ''));
    await truncate(join(dir, 'big'), 200 * 1024 * 1024);
    expect(() => readDockerfileText(join(dir, 'big'), 'apps/w/Dockerfile')).toThrow(
      'apps/w/Dockerfile is 200 MB, larger than the 1 MiB the graph reads of a Dockerfile',
    );
  });

  it('reads one of exactly the cap', async () => {
    await writeFile(join(dir, 'cap'), 'a'.repeat(MAX_DOCKERFILE_BYTES));
    expect(readDockerfileText(join(dir, 'cap'))).toHaveLength(MAX_DOCKERFILE_BYTES);
  });

  it('refuses a link to a device without reading it', async () => {
    await symlink('/dev/zero', join(dir, 'zero'));
    expect(() => readDockerfileText(join(dir, 'zero'), 'apps/w/Dockerfile')).toThrow(
      'apps/w/Dockerfile is not a regular file',
    );
  });
});

describe('globProblem', () => {
  it.each([
    '{workspaceRoot}/apps/api/src',
    '{projectRoot}/**/*.ts',
    '{workspaceRoot}/apps/[ab]pi',
    '{workspaceRoot}/a/[]]x',
    '{workspaceRoot}/a/{b,c}',
    '{workspaceRoot}/a\\[literal',
  ])('accepts %s', (p) => expect(globProblem(p)).toBeUndefined());

  it.each([
    ['{workspaceRoot}/[', /unclosed \[/],
    ['{workspaceRoot}/a/[bc', /unclosed \[/],
    ['{workspaceRoot}/a/{b,c', /unclosed \{/],
    ['{workspaceRoot}/a/b}', /unopened \}/],
  ])('refuses %s', (p, why) => expect(globProblem(p)).toMatch(why));
});
