import dockerignore from '@balena/dockerignore';
import { createHash } from 'node:crypto';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { BuildxError } from '../errors/errors';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

export class DockerignoreError extends BuildxError {
  readonly code = 'DOCKERIGNORE_INVALID';
  constructor(contextDir: string, detail: string) {
    super(
      `The .dockerignore of ${contextDir} has a pattern Docker cannot use: ${detail}\nFix or remove that line and run again.`,
    );
  }
}

export interface ContextOptions {
  /** The Dockerfile, relative to contextDir or absolute; its `<name>.dockerignore` wins. */
  dockerfile?: string;
}

/**
 * The files Docker sends for a build context: every regular file and symlink under
 * `contextDir` that `.dockerignore` keeps, as sorted POSIX paths relative to it.
 * BuildKit prefers `<Dockerfile>.dockerignore` beside the Dockerfile over the
 * context's `.dockerignore`; matching uses @balena/dockerignore (Docker's own rules).
 */
export async function contextFiles(contextDir: string, o: ContextOptions = {}): Promise<string[]> {
  const root = resolve(contextDir);
  const patterns = await ignorePatterns(root, o.dockerfile);
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  const ignores = (rel: string) => {
    try {
      return ig.ignores(rel);
    } catch (err) {
      throw new DockerignoreError(root, (err as Error).message);
    }
  };
  const files: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) await walk(full);
      else if ((entry.isFile() || entry.isSymbolicLink()) && !ignores(rel)) files.push(rel);
    }
  };
  await walk(root);
  return files.sort();
}

/** The .dockerignore in force, with its text: `<Dockerfile>.dockerignore` if present, else the context's. */
export async function ignoreFileInForce(
  contextDir: string,
  dockerfile?: string,
): Promise<{ file: string; text: string } | undefined> {
  const candidates: string[] = [];
  if (dockerfile) {
    const file = resolve(contextDir, dockerfile);
    candidates.push(join(dirname(file), `${basename(file)}.dockerignore`));
  }
  candidates.push(join(contextDir, '.dockerignore'));
  for (const file of candidates) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** The ignore patterns in force ({@link ignoreFileInForce}). */
export async function ignorePatterns(contextDir: string, dockerfile?: string): Promise<string[]> {
  const inForce = await ignoreFileInForce(contextDir, dockerfile);
  return inForce ? parseDockerignore(inForce.text) : [];
}

/** Lines of a .dockerignore: comments and blanks dropped, whitespace trimmed. */
export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** A stable sha256 over the context's file names, kinds and contents (links by target). */
export async function contextDigest(contextDir: string, o: ContextOptions = {}): Promise<string> {
  const root = resolve(contextDir);
  const hash = createHash('sha256');
  for (const rel of await contextFiles(root, o)) {
    const full = join(root, rel);
    const link = await readlink(full).catch(() => undefined);
    hash.update(`${rel}\0${link === undefined ? 'f' : 'l'}\0`);
    hash.update(
      link ??
        createHash('sha256')
          .update(await readFile(full))
          .digest('hex'),
    );
    hash.update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}
