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

export function checkStateInput(
  context: ExecutorContext,
  task: { project?: string; target?: string } = {
    project: context.projectName,
    target: context.targetName,
  },
): void {
  if (!task.project || !task.target) return;
  const project = context.projectsConfigurations?.projects[task.project];
  const config = project?.targets?.[task.target];
  if (!project || config?.cache !== true) return;
  const inputs = config.inputs;
  // This project's and target's own: one copied from another (targetDefaults) checks the
  // images of that one.
  const expected = runtimeStateInput(context.root, project.root, task.target);
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
