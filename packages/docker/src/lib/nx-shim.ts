/**
 * The one place for Nx imports that are not public API: these paths moved between Nx
 * 22 and 23. Everything else imports `@nx/devkit`.
 */
import { join } from 'node:path';

// Nx's own module behind @nx/devkit: already loaded by the nx process that loads this
// plugin, hasher or executor, whereas @nx/devkit's index pulls in generators, semver and
// more (~130 modules, ~40 ms on every task).
export {
  DependencyType,
  hashArray,
  logger,
  validateDependency,
  workspaceRoot,
} from 'nx/src/devkit-exports';

/** Nx's workspace data directory (`.nx/workspace-data`), where plugins keep caches. */
export function workspaceDataDir(workspaceRoot: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const internals = require('nx/src/devkit-internals') as { workspaceDataDirectory?: string };
    const dir = internals.workspaceDataDirectory;
    // Nx computes it for the workspace of the process; another root (tests, tools) gets its own.
    if (dir && (dir.startsWith(workspaceRoot) || process.env.NX_WORKSPACE_DATA_DIRECTORY))
      return dir;
  } catch {
    // fall through to Nx's default location
  }
  return join(workspaceRoot, '.nx', 'workspace-data');
}
