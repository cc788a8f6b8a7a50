import type { CustomHasher, ExecutorContext, Hash, HasherContext, Task } from '@nx/devkit';
import { hashArray, logger, readTargetOptions, workspaceRoot } from '@nx/devkit';
import { projectFactsOf } from '../lib/project';
import type { imageStateOf as ImageStateOfFn } from './image-state';
import { neverRepeats } from './never-repeats';

type ImageStateOf = typeof ImageStateOfFn;

/** The name of the extra input in `nx show` / hash details. */
const NODE = 'nx-buildx:images';

/**
 * Nx hasher for `docker-build` (executors.json "hasher", docs/decisions/0002-nx-cache.md):
 * the default hash plus the image IDs of every tag in the local engine, so a cache hit
 * means the same inputs AND the very images are still there; anything else is a miss.
 * A target Nx does not cache gets the default hash alone: it is never replayed, so it
 * pays neither the engine look-up nor loading the planner (zod, the core).
 */
export const dockerBuildHasher: CustomHasher = async (task, context) => {
  const started = performance.now();
  const env = envOf(context);
  const base = await context.hasher.hashTask(task, context.taskGraph, env);
  if (!cachedByNx(task, context)) return base;
  const probed = performance.now();
  const execContext = executorContextOf(task, context);
  let state: string;
  try {
    const options = {
      ...readTargetOptions(task.target, execContext),
      ...cliOverrides(task),
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { imageStateOf } = require('./image-state') as { imageStateOf: ImageStateOf };
    state = await imageStateOf(options, projectFactsOf(execContext, task.target.project), env);
  } catch {
    state = neverRepeats('the target could not be read');
  }
  const ms = (a: number, b: number) => (b - a).toFixed(0);
  const done = performance.now();
  logger.verbose(
    `nx-buildx: hashed ${task.id} in ${ms(started, done)} ms (Nx's default hash ${ms(started, probed)} ms, images ${ms(probed, done)} ms: ${state.split(' ')[0]})`,
  );
  return extend(base, state);
};

/**
 * Nx hasher for `docker-fresh-build`: never a cache hit. A fresh build exists to
 * rebuild now (pull new bases, rerun steps); replaying an old log would be a false fresh.
 */
export const dockerFreshBuildHasher: CustomHasher = async (task, context) =>
  extend(
    await context.hasher.hashTask(task, context.taskGraph, envOf(context)),
    neverRepeats('a fresh build is never replayed'),
  );

function extend(base: Hash, state: string): Hash {
  return {
    ...base,
    value: hashArray([base.value, state]),
    details: { ...base.details, nodes: { ...base.details.nodes, [NODE]: state } },
  };
}

/** Whether Nx caches this task: `cache` of the target, targetDefaults already applied. */
function cachedByNx(task: Task, context: HasherContext): boolean {
  const target =
    context.projectGraph.nodes[task.target.project]?.data.targets?.[task.target.target];
  return target?.cache === true;
}

/** Nx passes the task's env to custom hashers (not in the public type). */
function envOf(context: HasherContext): NodeJS.ProcessEnv {
  return (context as HasherContext & { env?: NodeJS.ProcessEnv }).env ?? process.env;
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
