import type { ExecutorContext } from '@nx/devkit';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { dockerBuildSchema } from '../image/options';
import type { RunOptionsFile } from './run-options';
import { canonical, fileOf, KEPT, recordedRunOptions } from './run-options';
import { cachedTarget } from './state-input-check';

/**
 * Before a cached build: when `given` (the options the executor received) are not the
 * graph's options of the task (its configuration applied), records them. Before, not
 * after: a run that fails still leaves tags the next one must vouch for. Never throws:
 * a record that cannot be written is a warning, and then the same command can hit stale.
 */
export function recordRunOptions(
  context: ExecutorContext,
  task: { project?: string; target?: string; configuration?: string },
  given: unknown,
  warn: (message: string) => void,
): void {
  const cached = cachedTarget(context, task);
  if (!cached || !given || typeof given !== 'object') return;
  const { config, project, target } = cached;
  const graph = {
    ...config.options,
    ...(task.configuration ? config.configurations?.[task.configuration] : {}),
  };
  // Compared as the executor reads them: Nx fills in schema defaults before the executor runs.
  const [ran, planned] = [given, graph].map((o) => dockerBuildSchema.safeParse(o));
  if (!ran?.success || !planned?.success) return; // the executor refuses it: nothing built
  const key = canonical(given);
  if (canonical(ran.data) === canonical(planned.data)) return;
  try {
    const runs = recordedRunOptions(context.root, project.root, target);
    if (runs.some((r) => canonical(r) === key)) return;
    const file = fileOf(context.root, project.root, target);
    mkdirSync(dirname(file), { recursive: true });
    const next: RunOptionsFile = {
      root: project.root,
      target,
      runs: [...runs, given as Record<string, unknown>].slice(-KEPT),
    };
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(next));
    renameSync(tmp, file);
  } catch (err) {
    warn(
      `the options of this run were not recorded for Nx's cache (${err}): a later run with the same command-line options may replay this one even if its images were removed`,
    );
  }
}
