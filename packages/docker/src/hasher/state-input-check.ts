import type { ExecutorContext } from '@nx/devkit';
import { BuildxError } from '@nx-buildx/buildx';
import { runtimeStateInput } from './runtime-input';

/**
 * A target Nx caches without the plugin's runtime input (decision 0002): `inputs` written in
 * project.json or nx.json replace the inferred ones, and a target the graph plugin did not
 * infer has none. A later hit would replay the run whether or not its images are still
 * there, so the run fails instead, saying what to add: a failure replayed is no false success.
 */
export class UncheckedCacheError extends BuildxError {
  readonly code = 'CACHE_UNCHECKED';
}

/** The task's target config and project when Nx caches it (`cache: true`), else undefined. */
export function cachedTarget(
  context: ExecutorContext,
  task: { project?: string; target?: string },
) {
  if (!task.project || !task.target) return undefined;
  const project = context.projectsConfigurations?.projects[task.project];
  const config = project?.targets?.[task.target];
  return project && config?.cache === true ? { project, config, target: task.target } : undefined;
}

export function checkStateInput(
  context: ExecutorContext,
  task: { project?: string; target?: string } = {
    project: context.projectName,
    target: context.targetName,
  },
): void {
  const cached = cachedTarget(context, task);
  if (!cached) return;
  const { project, config } = cached;
  const inputs = config.inputs;
  // This project's and target's own: one copied from another (targetDefaults) checks the
  // images of that one.
  const expected = runtimeStateInput(context.root, project.root, cached.target);
  const hasState = (inputs ?? []).some(
    (i) => typeof i === 'object' && 'runtime' in i && i.runtime === expected.runtime,
  );
  if (hasState) return;
  const input = JSON.stringify(expected);
  const fix = inputs
    ? `add ${input} to its inputs (one naming another project or target does not count), or remove "inputs" (project.json, nx.json targetDefaults) to get the inferred ones`
    : `register the graph plugin (nx g @nx-buildx/docker:init), which infers the inputs, or give the target "inputs": ["default", "^default", ${input}]`;
  throw new UncheckedCacheError(
    `${task.project}:${task.target} has cache: true, but its inputs lack the plugin's image check: a cache hit would replay this build whether or not its images are still there, or were built on the base images there now.\n` +
      `Fix: ${fix}; or set "cache": false.`,
  );
}
