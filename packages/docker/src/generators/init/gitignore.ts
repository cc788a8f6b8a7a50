import type { Tree } from '@nx/devkit';
import { pathInContext } from '@nx-buildx/buildx';

/**
 * Adds `/<dir>` to the root .gitignore when `dir` (absolute) is inside the workspace and
 * not ignored yet; returns the line added. The default cache root is outside the
 * workspace (NX_BUILDX_CACHE_DIR or XDG_CACHE_HOME can move it in).
 */
export function ignoreInGit(tree: Tree, dir: string): string | undefined {
  const rel = pathInContext(tree.root, dir);
  if (!rel) return undefined;
  const line = `/${rel}`;
  const text = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf8') ?? '') : '';
  if (coveredBy(text, rel)) return undefined;
  const sepLine = text === '' || text.endsWith('\n') ? '' : '\n';
  tree.write('.gitignore', `${text}${sepLine}\n# @nx-buildx/docker local build cache\n${line}\n`);
  return line;
}

/**
 * Whether a .gitignore line already ignores `rel` or a folder above it: `name` (any depth)
 * or an anchored `/a/b`, `a/b/`, `a/b/**`. Negations and wildcards are not read.
 */
function coveredBy(text: string, rel: string): boolean {
  const parts = rel.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return text.split(/\r?\n/).some((raw) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) return false;
    const path = line.replace(/\/(\*\*)?$/, '');
    const anchored = path.includes('/');
    const bare = path.replace(/^\//, '');
    return anchored ? prefixes.includes(bare) : parts.includes(bare);
  });
}
