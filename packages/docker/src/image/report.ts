import type { ImageBuildResult, ResolvedCache } from '@nx-buildx/buildx';
import { WriteFailedError } from '@nx-buildx/buildx';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BuildPlan } from './build-plan';

export const REPORT_WRITER = '@nx-buildx/docker';

/** The metadata JSON written to dist/docker/<projectRoot>/metadata.json after a build. */
export interface BuildReport {
  /** Marks the file as ours, so a later build may replace it (see metadata-target.ts). */
  writtenBy: typeof REPORT_WRITER;
  project: string;
  image: string;
  tags: string[];
  digest: string | null;
  platforms: string[];
  steps: { run: number; cached: number };
  cacheStrategy: string;
  /** Why cacheStrategy "auto" chose `cacheStrategy`; null when the strategy was named. */
  cacheAuto: string | null;
  fresh: string | null;
  durationMs: number;
  builtAt: string;
}

/** What a build (or one bake target) came to. */
export interface BuildOutcome {
  digest?: string;
  steps: { run: number; cached: number };
  cache: Pick<ResolvedCache, 'strategy' | 'autoReason'>;
  durationMs: number;
}

/** The outcome of a `buildImage` call. */
export function outcomeOf(result: ImageBuildResult): BuildOutcome {
  return {
    digest: result.metadata.digest,
    steps: result.steps,
    cache: result.cache,
    durationMs: result.durationMs,
  };
}

export function buildReport(
  project: string,
  plan: BuildPlan,
  outcome: BuildOutcome,
  fresh: string | null = null,
): BuildReport {
  return {
    writtenBy: REPORT_WRITER,
    project,
    image: plan.image,
    tags: plan.tags,
    digest: outcome.digest ?? null,
    platforms: plan.input.build.platforms ?? [],
    steps: { run: outcome.steps.run, cached: outcome.steps.cached },
    cacheStrategy: outcome.cache.strategy,
    cacheAuto: outcome.cache.autoReason ?? null,
    fresh,
    durationMs: outcome.durationMs,
    builtAt: new Date().toISOString(),
  };
}

/** `3 steps run, 1 cached`, `1 step run, 0 cached`. */
export function stepsText(steps: { run: number; cached: number }): string {
  return `${steps.run} step${steps.run === 1 ? '' : 's'} run, ${steps.cached} cached`;
}

/** One line a person reads at the end of a build. */
export function summaryLine(r: BuildReport): string {
  const digest = r.digest ? r.digest.slice(0, 19) : 'no digest';
  const fresh = r.fresh ? `, fresh: ${r.fresh}` : '';
  return `${r.tags[0] ?? r.image} ${digest} — ${stepsText(r.steps)} — ${(r.durationMs / 1000).toFixed(1)}s — cache: ${r.cacheAuto ? `auto → ${r.cacheStrategy} (${r.cacheAuto})` : r.cacheStrategy}${fresh}`;
}

/**
 * Writes JSON through a temporary file and a rename, so readers never see half a file;
 * the temporary file is removed when the write or the rename fails, and a failure
 * names the file, the option and the reason (WRITE_FAILED).
 */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
  about: { what: string; option?: string } = {
    what: 'the report of the image just built (the image is in the engine, tagged)',
    option: 'metadataFile',
  },
): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    // An older report would now name another image than the tags do: none is better.
    await rm(path, { force: true }).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code)
      throw new WriteFailedError(path, about.what, about.option, err as NodeJS.ErrnoException);
    throw err;
  }
}
