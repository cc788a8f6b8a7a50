/**
 * The one place for Nx imports that are not public API: these paths moved between Nx
 * 22 and 23. Everything else imports `@nx/devkit` (types only, where it can).
 */
import type { DependencyType as NxDependencyType } from '@nx/devkit';
import { join, resolve } from 'node:path';
import type * as NxModule from 'nx/src/devkit-exports';

type NxExports = typeof NxModule;

/**
 * Nx's module behind @nx/devkit (whose index pulls in generators, semver and more),
 * loaded on first use: the graph plugin runs in a plugin worker of every nx command,
 * where it is not loaded yet (~80 modules, ~45 ms), and needs it only to warn.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nx = (): NxExports => require('nx/src/devkit-exports') as NxExports;

export const logger = {
  info: (message: string) => nx().logger.info(message),
  warn: (message: string) => nx().logger.warn(message),
  error: (message: string) => nx().logger.error(message),
  verbose: (message: string) => nx().logger.verbose(message),
};

export const hashArray = (content: string[]): string => nx().hashArray(content);

/** The edge kinds the graph plugin adds (Nx's enum values, without loading Nx for them). */
export const DependencyType = {
  static: 'static' as NxDependencyType.static,
  implicit: 'implicit' as NxDependencyType.implicit,
};

/** Nx's workspace data directory (`.nx/workspace-data`), where plugins keep caches. */
export function workspaceDataDir(workspaceRoot: string): string {
  try {
    // Loaded already wherever Nx runs; computes it for any root (tests, tools too).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nxDirs = require('nx/src/utils/cache-directory') as {
      workspaceDataDirectoryForWorkspace?: (root: string) => string;
    };
    if (nxDirs.workspaceDataDirectoryForWorkspace)
      return nxDirs.workspaceDataDirectoryForWorkspace(workspaceRoot);
  } catch {
    // another layout of Nx: its documented default below
  }
  const dir =
    process.env.NX_WORKSPACE_DATA_DIRECTORY ?? process.env.NX_PROJECT_GRAPH_CACHE_DIRECTORY;
  return resolve(workspaceRoot, dir ?? join('.nx', 'workspace-data'));
}
