import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file tree as an object literal; `{ symlink: target }` makes a link. */
export type Tree = Record<string, string | { symlink: string }>;

const made: string[] = [];

/**
 * Creates a real temporary directory holding `tree` and returns its path; the jest
 * setup (tools/jest/remove-testdirs.js) removes it after the test file.
 */
export async function testdir(tree: Tree, prefix = 'nx-buildx-test-'): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  made.push(root);
  await writeTree(root, tree);
  return root;
}

/** Removes every directory {@link testdir} made in this test file. */
export async function removeTestdirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [path, content] of Object.entries(tree)) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    if (typeof content === 'string') await writeFile(full, content);
    else await symlink(content.symlink, full);
  }
}

/** The registry the engine tooling starts (tools/docker-engine). */
export const LOCAL_REGISTRY = '127.0.0.1:5000';

/** A unique, lowercase name for images and tags of one test run. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
