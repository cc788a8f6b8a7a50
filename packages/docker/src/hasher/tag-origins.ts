import type { ExecutorContext } from '@nx/devkit';
import { localImageIds } from '@nx-buildx/buildx';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceDataDir } from '../lib/nx-shim';
import { cachedTarget } from './state-input-check';

/**
 * For each tag a cached build leaves: the image it holds and the Nx task hash of the run
 * that first left that image under it (decision 0002). The runtime state folds it in,
 * because a hit proves only "a run started with these image IDs": with reproducible builds
 * a tag can hold the same image again after other inputs built another one in between
 * (branch A, B, A, then B hit with A's image). Which run put the image there tells them apart.
 */
interface TagOrigin {
  tag: string;
  id: string;
  run: string;
}

const dirOf = (workspaceRoot: string) =>
  join(workspaceDataDir(workspaceRoot), 'nx-buildx-tag-origins');
const fileOf = (workspaceRoot: string, tag: string) =>
  join(dirOf(workspaceRoot), `${createHash('sha256').update(tag).digest('hex').slice(0, 32)}.json`);

function read(workspaceRoot: string, tag: string): TagOrigin | undefined {
  try {
    const o = JSON.parse(readFileSync(fileOf(workspaceRoot, tag), 'utf8')) as TagOrigin;
    return o.tag === tag ? o : undefined;
  } catch {
    return undefined;
  }
}

/** The run that first left image `id` under `tag`, or undefined when none is recorded. */
export function originOf(workspaceRoot: string, tag: string, id: string): string | undefined {
  const o = read(workspaceRoot, tag);
  return o?.id === id ? o.run : undefined;
}

/** The hash of the task an executor's own context runs. */
export const ownTaskHash = (context: ExecutorContext): string | undefined =>
  context.taskGraph?.tasks[
    [context.projectName, context.targetName, context.configurationName].filter(Boolean).join(':')
  ]?.hash;

/**
 * After a successful cached build of `tags` by `task`, whose hash is `run`: a tag now holding another
 * image than recorded gets this run's hash; one holding the same image keeps its origin
 * (so an unchanged rebuild can hit next time). Nothing for a run Nx does not cache or hash.
 * Never throws: a record that cannot be written is a warning (the next run then misses).
 */
export async function recordTagOrigins(
  context: ExecutorContext,
  /** The task's hash, as Nx computed it before the run. */
  run: string | undefined,
  task: { project?: string; target?: string },
  tags: readonly string[],
  warn: (message: string) => void,
): Promise<void> {
  if (!cachedTarget(context, task) || !run || !tags.length) return;
  try {
    const ids = await localImageIds(tags);
    if (ids) writeOrigins(context.root, tags, ids, run);
  } catch (err) {
    warn(`the origin of ${tags.join(', ')} was not recorded: ${err}`);
  }
}

/** `tags` hold `ids` after run `run`: a changed image gets `run` as its origin, the same keeps its own. */
export function writeOrigins(
  workspaceRoot: string,
  tags: readonly string[],
  ids: readonly string[],
  run: string,
): void {
  mkdirSync(dirOf(workspaceRoot), { recursive: true });
  tags.forEach((tag, i) => {
    const id = ids[i] as string;
    if (read(workspaceRoot, tag)?.id === id) return;
    const file = fileOf(workspaceRoot, tag);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ tag, id, run } satisfies TagOrigin));
    renameSync(tmp, file);
  });
}
