import type { Tree } from '@nx/devkit';
import { InvalidOptionError } from '@nx-buildx/buildx';
import { DOCKERFILE_OPTIONS } from './options';

export interface Written {
  path: string;
  what: 'created' | 'replaced (--force)' | 'unchanged';
}

/**
 * Writes generated files into the tree, all or none: a file that exists with other content
 * is replaced only with `force`; without it nothing is written and the error names the
 * files. The same content again is "unchanged", so a second run changes nothing.
 */
export function writeGenerated(
  tree: Tree,
  files: Record<string, string>,
  force: boolean,
  template: string,
): Written[] {
  const states = Object.entries(files).map(([path, content]) => {
    const current = tree.exists(path) ? tree.read(path, 'utf-8') : null;
    return {
      path,
      content,
      state: current === null ? 'new' : current === content ? 'same' : 'other',
    };
  });
  const conflicts = states.filter((s) => s.state === 'other');
  if (conflicts.length && !force)
    throw new InvalidOptionError(
      conflicts.map((c) => ({
        path: 'force',
        message: `${c.path} exists and differs from what the ${template} template writes; nothing was changed. Pass --force to replace it (--force --dry-run shows what would change), or --dockerfile <another path>`,
      })),
      DOCKERFILE_OPTIONS,
    );
  return states.map(({ path, content, state }) => {
    if (state !== 'same') tree.write(path, content);
    return {
      path,
      what: state === 'new' ? 'created' : state === 'same' ? 'unchanged' : 'replaced (--force)',
    };
  });
}
