import type { ExecutorContext } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the plugin needs to know of the project it builds. */
export interface ProjectFacts {
  name: string;
  /** Relative to the workspace root, POSIX separators. */
  root: string;
  workspaceRoot: string;
  /** `version` of the project's package.json, for `{version}` tags. */
  version?: string;
  /** nx.json's defaultBase: the default branch when CI does not say (the latest: auto rule). */
  defaultBase?: string;
}

/** Facts of the project the executor runs for. */
export function projectFacts(context: ExecutorContext): ProjectFacts {
  if (!context.projectName)
    throw new Error('this executor must run for a project (nx run <project>:<target>)');
  return projectFactsOf(context, context.projectName);
}

/** Facts of any project of the workspace. */
export function projectFactsOf(context: ExecutorContext, name: string): ProjectFacts {
  const config = context.projectsConfigurations?.projects[name];
  if (!config) throw new Error(`no project named "${name}" in this workspace`);
  return {
    name,
    root: config.root,
    workspaceRoot: context.root,
    version: readVersion(join(context.root, config.root)),
    defaultBase: context.nxJsonConfiguration?.defaultBase,
  };
}

export function readVersion(projectDir: string): string | undefined {
  try {
    const version = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).version;
    return typeof version === 'string' && version ? version : undefined;
  } catch {
    return undefined;
  }
}
