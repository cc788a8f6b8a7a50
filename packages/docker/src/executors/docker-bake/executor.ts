import type { ExecutorContext } from '@nx/devkit';
import {
  bakeImages,
  parseOptions,
  printBake,
  redactSecretArgs,
  runBake,
  stallLimitMs,
  writeImagesBake,
} from '@nx-buildx/buildx';
import { resolve } from 'node:path';
import { defaultProgress } from '../../lib/build-plan';
import { checkMetadataTarget } from '../../lib/metadata-target';
import { runExecutor } from '../../lib/run-executor';
import { reportFiles, reportImages, writeReports } from './bake-report';
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
      stallLimitMs: stallLimitMs(o.stallTimeout),
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
    await writeReports(result, plans);
    reportImages(io, result);
  });
}
