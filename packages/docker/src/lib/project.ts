import type { ExecutorContext } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFacts } from '../image/project';

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
