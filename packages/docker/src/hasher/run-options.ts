import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceDataDir } from '../lib/nx-shim';

/**
 * Options a cached target ran with that the project graph does not hold: the command line's
 * (`nx run api:docker-build --tags=x`). Nx hashes them, but its runtime input cannot see
 * them, so the image state would vouch for the graph's images only: `docker rmi api:x`
 * and the next `--tags=x` run would replay. So each such run is recorded, and the runtime
 * state vouches for the images of every recorded run too (the newest {@link KEPT}).
 * This module is the reader: runtime-state.js loads it for every task Nx hashes, so it
 * stays free of zod and the driver (the writer is ./record-run-options.ts).
 */
export const KEPT = 8;

export interface RunOptionsFile {
  root: string;
  target: string;
  runs: Record<string, unknown>[];
}

export const fileOf = (workspaceRoot: string, root: string, target: string) =>
  join(
    workspaceDataDir(workspaceRoot),
    'nx-buildx-run-options',
    `${createHash('sha256').update(`${root}\0${target}`).digest('hex').slice(0, 32)}.json`,
  );

/** The recorded option sets of the target at `root`, oldest first; none when unreadable. */
export function recordedRunOptions(
  workspaceRoot: string,
  root: string,
  target: string,
): Record<string, unknown>[] {
  try {
    const f = JSON.parse(
      readFileSync(fileOf(workspaceRoot, root, target), 'utf8'),
    ) as RunOptionsFile;
    return f.root === root && f.target === target && Array.isArray(f.runs) ? f.runs : [];
  } catch {
    return [];
  }
}

/** JSON with sorted keys: the same options in another order are the same run. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
