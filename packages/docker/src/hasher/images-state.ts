import type { ExecutorContext, HasherContext, Task } from '@nx/devkit';
import { logger, readTargetOptions, workspaceRoot } from '@nx/devkit';
import { projectFactsOf } from '../lib/project';
import { imageStateOf } from './image-state';
import { neverRepeats } from './never-repeats';
import { ownerOf } from '../graph/create-dependencies';
import { DOCKER_BUILD } from '../lib/executor-names';
import { normalizeImageRef } from '../model/image-reads';

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
    state = await imageStateOf(options, projectFactsOf(execContext, task.target.project), env, {
      upstream: upstreamHashes(task, context),
    });
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

/**
 * Each image reference a docker-build task this one depends on makes → that task's hash
 * (Nx hashes dependencies first). A base project whose inputs changed changes this
 * task's hash even before it is rebuilt, which is when a batch hashes.
 */
function upstreamHashes(task: Task, context: HasherContext): Map<string, string> {
  const refs = new Map<string, string>();
  for (const id of context.taskGraph.dependencies[task.id] ?? []) {
    const dep = context.taskGraph.tasks[id];
    const target =
      dep && context.projectGraph.nodes[dep.target.project]?.data.targets?.[dep.target.target];
    if (!dep?.hash || target?.executor !== DOCKER_BUILD) continue;
    const owner = ownerOf({ project: dep.target.project, file: '', options: target.options ?? {} });
    for (const ref of [owner?.image ?? '', ...(owner?.tags ?? [])].filter(Boolean))
      refs.set(normalizeImageRef(ref), dep.hash);
  }
  return refs;
}
