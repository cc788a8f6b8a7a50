import type { CustomHasher, Hash, HasherContext, Task } from '@nx/devkit';
import { hashArray } from '../lib/nx-shim';
import type { imagesState as ImagesState } from './images-state';
import { neverRepeats } from './never-repeats';

/** The name of the extra input in `nx show` / hash details. */
export const IMAGES_NODE = 'nx-buildx:images';

/**
 * Nx hasher for `docker-build` (executors.json "hasher", docs/decisions/0002-nx-cache.md):
 * the default hash plus the image IDs of every tag in the local engine, so a cache hit
 * means the same inputs AND the very images are still there; anything else is a miss.
 * A target Nx does not cache gets the default hash alone: it is never replayed, so it
 * pays neither the engine look-up nor loading the planner (zod, the core) in Nx's process.
 */
export const dockerBuildHasher: CustomHasher = async (task, context) => {
  const env = envOf(context);
  const base = await context.hasher.hashTask(task, context.taskGraph, env);
  if (!cachedByNx(task, context)) return base;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { imagesState } = require('./images-state') as { imagesState: typeof ImagesState };
  return extendHash(base, await imagesState(task, context, env));
};

/**
 * Nx hasher for `docker-fresh-build`: never a cache hit. A fresh build exists to
 * rebuild now (pull new bases, rerun steps); replaying an old log would be a false fresh.
 */
export const dockerFreshBuildHasher: CustomHasher = async (task, context) =>
  extendHash(
    await context.hasher.hashTask(task, context.taskGraph, envOf(context)),
    neverRepeats('a fresh build is never replayed'),
  );

export function extendHash(base: Hash, state: string): Hash {
  return {
    ...base,
    value: hashArray([base.value, state]),
    details: { ...base.details, nodes: { ...base.details.nodes, [IMAGES_NODE]: state } },
  };
}

/** Whether Nx caches this task: `cache` of the target, targetDefaults already applied. */
function cachedByNx(task: Task, context: HasherContext): boolean {
  const project = context.projectGraph.nodes[task.target.project];
  return project?.data.targets?.[task.target.target]?.cache === true;
}

/** Nx passes the task's env to custom hashers (not in the public type). */
function envOf(context: HasherContext): NodeJS.ProcessEnv {
  return (context as HasherContext & { env?: NodeJS.ProcessEnv }).env ?? process.env;
}
