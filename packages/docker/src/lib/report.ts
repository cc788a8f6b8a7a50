import type { ImageBuildResult } from '@nx-buildx/buildx';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BuildPlan } from './build-plan';

/** The metadata JSON written to dist/docker/<projectRoot>/metadata.json after a build. */
export interface BuildReport {
  project: string;
  image: string;
  tags: string[];
  digest: string | null;
  platforms: string[];
  steps: { run: number; cached: number };
  cacheStrategy: string;
  fresh: string | null;
  durationMs: number;
  builtAt: string;
}

export function buildReport(
  project: string,
  plan: BuildPlan,
  result: ImageBuildResult,
  fresh: string | null = null,
): BuildReport {
  return {
    project,
    image: plan.image,
    tags: plan.tags,
    digest: result.metadata.digest ?? null,
    platforms: plan.input.build.platforms ?? [],
    steps: { run: result.steps.run, cached: result.steps.cached },
    cacheStrategy: result.cache.strategy,
    fresh,
    durationMs: result.durationMs,
    builtAt: new Date().toISOString(),
  };
}

/** One line a person reads at the end of a build. */
export function summaryLine(r: BuildReport): string {
  const digest = r.digest ? r.digest.slice(0, 19) : 'no digest';
  const fresh = r.fresh ? `, fresh: ${r.fresh}` : '';
  return `${r.tags[0] ?? r.image} ${digest} — ${r.steps.run} steps run, ${r.steps.cached} cached — ${(r.durationMs / 1000).toFixed(1)}s — cache: ${r.cacheStrategy}${fresh}`;
}

/** Writes JSON through a temporary file and a rename, so readers never see half a file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}
