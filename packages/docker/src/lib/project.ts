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
}

export function projectFacts(context: ExecutorContext): ProjectFacts {
  const name = context.projectName;
  const config = name ? context.projectsConfigurations?.projects[name] : undefined;
  if (!name || !config)
    throw new Error('this executor must run for a project (nx run <project>:<target>)');
  return {
    name,
    root: config.root,
    workspaceRoot: context.root,
    version: readVersion(join(context.root, config.root)),
  };
}

function readVersion(projectDir: string): string | undefined {
  try {
    const version = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).version;
    return typeof version === 'string' && version ? version : undefined;
  } catch {
    return undefined;
  }
}
