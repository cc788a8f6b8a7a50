import { readFile, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import type { BakeImagesResult, BakeResult } from '@nx-buildx/buildx';
import type { BuildPlan } from '../../image/build-plan';
import { buildReport, stepsText, writeJsonAtomic } from '../../image/report';
import type { ExecutorIo } from '../../lib/run-executor';

/** Each built image's report (dist/docker/<project root>/metadata.json), as docker-build writes it. */
export async function writeReports(
  result: BakeImagesResult,
  plans: Readonly<Record<string, BuildPlan>>,
): Promise<void> {
  for (const [target, image] of Object.entries(result.images)) {
    const plan = plans[target];
    if (plan && image.status === 'built')
      await writeJsonAtomic(
        plan.metadataFile,
        buildReport(target, plan, {
          digest: image.metadata.digest,
          steps: image.steps,
          cache: image.cache,
          durationMs: result.durationMs,
        }),
      );
  }
}

/** One line per target and one for the run. */
export function reportFiles(io: ExecutorIo, result: BakeResult): void {
  const count = Object.keys(result.targets).length;
  for (const [target, r] of Object.entries(result.targets))
    io.info(
      `${target}: ${r.imageNames[0] ?? '(no image)'} ${r.digest?.slice(0, 19) ?? ''} — ${stepsText(r.steps)}`,
    );
  io.info(
    `bake: ${count} target${count === 1 ? '' : 's'} — ${stepsText(result.steps)} — ${(result.durationMs / 1000).toFixed(1)}s`,
  );
}

/** The bake's failure (naming its targets), or the lines of reportFiles. */
export function reportImages(io: ExecutorIo, result: BakeImagesResult): void {
  if (result.error) throw result.error;
  reportFiles(io, {
    targets: Object.fromEntries(
      Object.entries(result.images).flatMap(([t, i]) =>
        i.status === 'built' ? [[t, { ...i.metadata, steps: i.steps }]] : [],
      ),
    ),
    steps: result.steps ?? { run: 0, cached: 0, failed: 0, steps: [] },
    durationMs: result.durationMs,
    command: result.command ?? '',
  });
}

/** The file of wave `i` of `count`: `bake.json` itself for one wave, else `bake.<i+1>.json`. */
export function waveFile(file: string, i: number, count: number): string {
  if (count === 1) return file;
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}.${i + 1}${ext}`;
}

/**
 * Bake's metadata of the waves that wrote one, merged into `file` as one bake run would
 * write it (after a failure: the waves that ran); the wave files go.
 */
export async function mergeMetadata(file: string, waveFiles: readonly string[]): Promise<void> {
  const merged: Record<string, unknown> = {};
  for (const f of waveFiles) {
    const text = await readFile(f, 'utf8').catch(() => undefined);
    if (text) Object.assign(merged, JSON.parse(text));
  }
  await writeJsonAtomic(file, merged, { what: "bake's metadata" });
  await Promise.all(waveFiles.map((f) => rm(f, { force: true })));
}

/** The line for all waves, after each wave's own. */
export function reportTotal(io: ExecutorIo, results: readonly BakeImagesResult[]): void {
  const count = results.reduce((n, r) => n + Object.keys(r.images).length, 0);
  const run = results.reduce((n, r) => n + (r.steps?.run ?? 0), 0);
  const cached = results.reduce((n, r) => n + (r.steps?.cached ?? 0), 0);
  const ms = results.reduce((n, r) => n + r.durationMs, 0);
  io.info(
    `bake: ${count} targets in ${results.length} runs — ${stepsText({ run, cached })} — ${(ms / 1000).toFixed(1)}s`,
  );
}
