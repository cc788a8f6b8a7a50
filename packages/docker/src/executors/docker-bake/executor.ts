import type { ExecutorContext } from '@nx/devkit';
import type { BakeImagesResult, BakeResult } from '@nx-buildx/buildx';
import {
  bakeImages,
  parseOptions,
  printBake,
  redactSecretArgs,
  runBake,
  writeImagesBake,
} from '@nx-buildx/buildx';
import { resolve } from 'node:path';
import { defaultProgress } from '../../lib/build-plan';
import { checkMetadataTarget } from '../../lib/metadata-target';
import { buildReport, writeJsonAtomic } from '../../lib/report';
import type { ExecutorIo } from '../../lib/run-executor';
import { runExecutor } from '../../lib/run-executor';
import { graphBake } from './graph-projects';
import { dockerBakeSchema } from './options';

/**
 * `docker-bake`: many images in one BuildKit run, from bake files or — with fromGraph —
 * from the projects' docker-build options, linked through `target:` contexts. The
 * checks, cache strategies, locks and swaps are bakeImages' (shared with docker-build).
 */
export default async function dockerBakeExecutor(
  options: unknown,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor('docker-bake', context, async (io) => {
    const o = parseOptions(dockerBakeSchema, options, 'docker-bake options');
    const { set, load, push, noCache, pull, builder } = o;
    const run = { set, load, push, noCache, pull, builder };
    const progress = o.progress ?? defaultProgress(process.env);
    const ctx = {
      cwd: context.root,
      onLine: io.progress,
      onCommand: io.command,
      onWarning: io.warn,
    };
    const metadataFile = resolve(context.root, o.metadataFile);

    if (!o.fromGraph) {
      const files = { files: o.files, targets: o.targets, ...run, progress };
      if (o.print)
        return io.info(JSON.stringify(redactSecretArgs(await printBake(files, ctx)), null, 2));
      return reportFiles(io, await runBake({ ...files, metadataFile }, ctx));
    }

    const { images, plans } = await graphBake(context, o);
    for (const [target, plan] of Object.entries(plans))
      await checkMetadataTarget(plan.metadataFile, {
        suggestion: 'dist/docker/<project root>/metadata.json',
        subject: `options for ${target}`,
      });
    const input = { images, bakeFile: o.bakeFile, metadataFile, run: { ...run, progress } };
    if (o.print) {
      const definition = await writeImagesBake(input, ctx);
      return io.info(
        `wrote ${o.bakeFile}:\n${JSON.stringify(redactSecretArgs(definition), null, 2)}`,
      );
    }
    io.info(`baking ${Object.keys(images).join(', ')} (definition: ${o.bakeFile})`);
    const result = await bakeImages(input, ctx);
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
    reportImages(io, result);
  });
}

function reportFiles(io: ExecutorIo, result: BakeResult): void {
  for (const [target, r] of Object.entries(result.targets))
    io.info(
      `${target}: ${r.imageNames[0] ?? '(no image)'} ${r.digest?.slice(0, 19) ?? ''} — ${r.steps.run} steps run, ${r.steps.cached} cached`,
    );
  io.info(
    `bake: ${Object.keys(result.targets).length} targets — ${result.steps.run} steps run, ${result.steps.cached} cached — ${(result.durationMs / 1000).toFixed(1)}s`,
  );
}

function reportImages(io: ExecutorIo, result: BakeImagesResult): void {
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
