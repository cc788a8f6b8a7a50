import { bakeTargetName } from '@nx-buildx/buildx';

// Pure parts of docker-build's batch implementation (executors/docker-build/batch.ts):
// naming a batch's images, skipping what a failure stops, and turning outcomes into Nx task results.

/** A task of an Nx batch, as far as the batch needs it. */
export interface BatchTask {
  id: string;
  project: string;
  target: string;
}

/** Nx's per-task result of a batch executor (TaskResult of nx/src/config/misc-interfaces). */
export interface BatchTaskResult {
  success: boolean;
  status: 'success' | 'failure' | 'skipped';
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
}

/**
 * Bake target name of each task: the project's name (as bake output and `target:`
 * contexts show it), or `<project>-<target>` for a project with several image targets
 * in the batch (`docker-build` and `docker-build-worker`). Unique within the batch.
 */
export function batchTargetNames(tasks: readonly BatchTask[]): Record<string, string> {
  const perProject = new Map<string, number>();
  for (const t of tasks) perProject.set(t.project, (perProject.get(t.project) ?? 0) + 1);
  const names: Record<string, string> = {};
  const used = new Set<string>();
  for (const t of tasks) {
    let name = bakeTargetName(
      (perProject.get(t.project) ?? 0) > 1 ? `${t.project}-${t.target}` : t.project,
    );
    // Two project names can map to one bake name (`a.b` and `a-b`): keep each distinct.
    for (let i = 2; used.has(name); i++) name = `${name}-${i}`;
    used.add(name);
    names[t.id] = name;
  }
  return names;
}

/** The first of `failed` that `id` depends on, directly or through other tasks. */
export function failedDependency(
  id: string,
  dependsOn: Readonly<Record<string, readonly string[]>>,
  failed: ReadonlySet<string>,
): string | undefined {
  const seen = new Set<string>();
  const walk = (t: string): string | undefined => {
    for (const d of dependsOn[t] ?? []) {
      if (failed.has(d)) return d;
      if (seen.has(d)) continue;
      seen.add(d);
      const found = walk(d);
      if (found) return found;
    }
    return undefined;
  };
  return walk(id);
}

/** An Nx task result; a skipped task did not run because a task it depends on failed. */
export function taskResult(
  status: BatchTaskResult['status'],
  lines: readonly string[],
  startTime: number,
  endTime = Date.now(),
): BatchTaskResult {
  const terminalOutput = lines.length ? `${lines.join('\n')}\n` : '';
  return { success: status === 'success', status, terminalOutput, startTime, endTime };
}
