import type { ExecutorContext, HasherContext, Task } from '@nx/devkit';
import { logger, readTargetOptions, workspaceRoot } from '@nx/devkit';
import { projectFactsOf } from '../lib/project';
import { imageStateOf } from './image-state';
import { neverRepeats } from './never-repeats';

/**
 * The hash input of a cached docker-build task: the images its run leaves, read the way
 * the executor would plan them. Loaded only for tasks Nx caches (see image-hasher.ts).
 */
export async function imagesState(
  task: Task,
  context: HasherContext,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const started = performance.now();
  const execContext = executorContextOf(task, context);
  let state: string;
  try {
    const options = { ...readTargetOptions(task.target, execContext), ...cliOverrides(task) };
    state = await imageStateOf(options, projectFactsOf(execContext, task.target.project), env);
  } catch {
    state = neverRepeats('the target could not be read');
  }
  logger.verbose(
    `nx-buildx: images of ${task.id} read in ${(performance.now() - started).toFixed(0)} ms: ${state.split(' ')[0]}`,
  );
  return state;
}

/** Options given on the command line (`nx run p:docker-build --tags=x`). */
function cliOverrides(task: Task): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(task.overrides ?? {}).filter(([k]) => !k.startsWith('_')),
  );
}

function executorContextOf(task: Task, context: HasherContext): ExecutorContext {
  return {
    root: workspaceRoot,
    cwd: process.cwd(),
    isVerbose: false,
    projectName: task.target.project,
    targetName: task.target.target,
    configurationName: task.target.configuration,
    projectsConfigurations: context.projectsConfigurations,
    nxJsonConfiguration: context.nxJsonConfiguration,
    projectGraph: context.projectGraph,
  } as ExecutorContext;
}
