import type { BakeImagesResult, BakeResult } from '@nx-buildx/buildx';
import type { BuildPlan } from '../../lib/build-plan';
import { buildReport, stepsText, writeJsonAtomic } from '../../lib/report';
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
          cacheStrategy: image.cache.strategy,
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
