import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

/**
 * Nx's empty virtual workspace without a formatter: Nx 23 writes an oxfmt config (oxfmt is
 * not installed here) and prettier 3 needs dynamic import(), which jest refuses, so
 * formatFiles would only warn. `formatted: true` keeps the oxfmt config: formatFiles then
 * tries and warns, which shows it ran.
 */
export function emptyWorkspace({ formatted = false } = {}): Tree {
  const tree = createTreeWithEmptyWorkspace();
  if (!formatted) tree.delete('.oxfmtrc.json');
  return tree;
}

/** Every file change in the tree as `[path, type, content]`, to compare two runs. */
export function changesOf(tree: Tree): [string, string, string | undefined][] {
  return tree
    .listChanges()
    .map((c): [string, string, string | undefined] => [c.path, c.type, c.content?.toString()])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
