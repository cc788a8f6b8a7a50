import type { RunContext } from '../process/run-context';
import { z } from 'zod';
import type { Argv } from '../build/argv';
import type { BuildxVersion } from '../builder/version';
import { atLeast } from '../builder/version';
import { errorFromResult } from '../errors/from-output';
import { parseOptions } from '../errors/zod-issues';
import { execaRunner } from '../process/execa-runner';
import { parsePrintedSize, parseDuration, parseSize, toGoDuration } from './units';

export const pruneOptionsSchema = z
  .object({
    /** Also remove internal/frontend images and cache in use by no image (`--all`). */
    all: z.boolean().default(false),
    /** Only cache older than this (`7d`, `36h`). */
    until: z.string().trim().min(1).optional(),
    /** Only cache not used for this long (`unused-for` filter of `docker builder prune`). */
    unusedFor: z.string().trim().min(1).optional(),
    /** Keep this much cache (`5GB`). */
    keepStorage: z.string().trim().min(1).optional(),
    /** Raw `--filter` values, e.g. `type=regular`. */
    filters: z.array(z.string().trim().min(1)).default([]),
    builder: z.string().trim().min(1).optional(),
  })
  .strict();
export type PruneOptionsInput = z.input<typeof pruneOptionsSchema>;
export type PruneOptions = z.output<typeof pruneOptionsSchema>;

/**
 * `docker buildx prune` (or `docker builder prune`, the engine's own build cache) argv.
 * Human durations and sizes are checked and converted here. buildx 0.18 replaced
 * `--keep-storage` with `--reserved-space` (docker/buildx#2724), so the flag follows
 * the installed version.
 */
export function pruneArgv(
  o: PruneOptions,
  version: BuildxVersion,
  kind: 'buildx' | 'builder' = 'buildx',
): Argv {
  const args = kind === 'buildx' ? ['buildx', 'prune', '--force'] : ['builder', 'prune', '--force'];
  if (o.builder && kind === 'buildx') args.push('--builder', o.builder);
  if (o.all) args.push('--all');
  if (o.until) args.push('--filter', `until=${toGoDuration(parseDuration(o.until, 'until'))}`);
  if (o.unusedFor)
    args.push('--filter', `unused-for=${toGoDuration(parseDuration(o.unusedFor, 'unusedFor'))}`);
  for (const f of o.filters) args.push('--filter', f);
  if (o.keepStorage) {
    const bytes = String(parseSize(o.keepStorage, 'keepStorage'));
    const flag =
      kind === 'buildx' && atLeast(version, '0.18') ? '--reserved-space' : '--keep-storage';
    args.push(flag, bytes);
  }
  return { command: 'docker', args };
}

/**
 * The `Total:` line prune and du end with, in bytes (0 when absent: nothing pruned).
 * The last line wins: du's per-record blocks also have `Reclaimable: true` lines.
 */
export function parseTotal(output: string, label = 'Total'): number {
  const sizes = [
    ...output.matchAll(new RegExp(`^${label}:\\s*(\\d[\\d.]*\\s*[A-Za-z]+)\\s*$`, 'gm')),
  ];
  const last = sizes.at(-1)?.[1];
  return last ? parsePrintedSize(last) : 0;
}

export interface PruneResult {
  reclaimedBytes: number;
  command: string;
  output: string;
}

/** Runs a prune and returns what it reclaimed. */
export async function runPrune(
  input: PruneOptionsInput,
  ctx: RunContext & { version: BuildxVersion; kind?: 'buildx' | 'builder' },
): Promise<PruneResult> {
  const options = parseOptions(pruneOptionsSchema, input, 'prune options');
  const { command, args } = pruneArgv(options, ctx.version, ctx.kind);
  const result = await (ctx.runner ?? execaRunner).run(command, args, {
    cwd: ctx.cwd,
    env: ctx.env,
    onLine: ctx.onLine && ((l) => ctx.onLine?.(l)),
  });
  if (result.exitCode !== 0) throw errorFromResult(`docker ${args.slice(0, 2).join(' ')}`, result);
  return {
    reclaimedBytes: parseTotal(result.stdout),
    command: result.command,
    output: result.stdout,
  };
}
