import type { ExecutorContext } from '@nx/devkit';
import type { BakeImagesResult } from '@nx-buildx/buildx';
import {
  bakeImagesInRuns,
  parseOptions,
  printBake,
  redactSecretArgs,
  runBake,
  stallLimitMs,
  writeImagesBakes,
} from '@nx-buildx/buildx';
import { resolve } from 'node:path';
import { defaultProgress } from '../../image/build-plan';
import { runExecutor } from '../../lib/run-executor';
import { bakeWaves } from '../../image/bake-from-graph';
import {
  mergeMetadata,
  reportFiles,
  reportImages,
  reportTotal,
  waveFile,
  writeReports,
} from './bake-report';
import { graphBake } from './graph-projects';
import { dockerBakeSchema } from './options';
import { checkBeforeBuild } from '../pre-build-checks';

/**
 * `docker-bake`: many images in one BuildKit run, from bake files or — with fromGraph —
 * from the projects' docker-build options (an image built on another of them in a
 * second run, so that it is the image a single build gives). The
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

    const { images, plans, bases, sources } = await graphBake(context, o);
    // Every image as a single build checks it, before the first run builds anything.
    for (const [target, plan] of Object.entries(plans)) {
      const source = sources[target];
      await checkBeforeBuild(
        {
          plan,
          project: source?.facts ?? { name: target, root: '.' },
          context,
          // The bake task's own dependsOn must build what the images copy.
          rawOptions: source?.given,
          stallTimeout: source?.options.stallTimeout,
          warn: io.warn,
        },
        {
          stateInput:
            "the images' docker-build tasks do not run: this bake task is cached (or not) by its own inputs",
        },
      );
    }
    // An image built on another of the bake reads it from the engine, as a single build
    // does (bake-from-graph.ts): one bake run per wave, each with its own definition.
    const waves = bakeWaves(Object.keys(images), bases).map((targets, i, all) => ({
      targets,
      bakeFile: waveFile(o.bakeFile, i, all.length),
      metadataFile: waveFile(metadataFile, i, all.length),
    }));
    const input = { images, run: { ...run, progress } };
    if (o.print) {
      for (const { bakeFile, definition } of await writeImagesBakes(input, waves, ctx))
        io.info(`wrote ${bakeFile}:
${JSON.stringify(redactSecretArgs(definition), null, 2)}`);
      return;
    }
    io.info(
      `baking ${waves.map((w) => w.targets.join(', ')).join(', then ')} (definition${waves.length > 1 ? 's' : ''}: ${waves.map((w) => w.bakeFile).join(', ')})`,
    );
    let results: BakeImagesResult[] = [];
    try {
      results = await bakeImagesInRuns(input, waves, ctx, async (result, i) => {
        await writeReports(result, plans);
        const rest = waves.slice(i + 1).flatMap((l) => l.targets);
        if (!result.ok && rest.length)
          io.warn(
            `not baked, as ${waves[i]?.targets.join(', ')} did not build: ${rest.join(', ')}`,
          );
        reportImages(io, result);
      });
    } finally {
      if (waves.length > 1)
        await mergeMetadata(
          metadataFile,
          waves.map((w) => w.metadataFile),
        );
    }
    if (waves.length > 1) reportTotal(io, results);
  });
}
