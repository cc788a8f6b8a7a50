import type { ExecutorContext } from '@nx/devkit';
import {
  buildxVersion,
  directorySize,
  diskUsage,
  formatBytes,
  parseOptions,
  pruneOptionsSchema,
  removeLocalCache,
  runPrune,
} from '@nx-buildx/buildx';
import { localCacheDirs } from '../../lib/local-caches';
import { runExecutor } from '../../lib/run-executor';
import { dockerPruneSchema } from './options';

/**
 * `docker-prune`: keeps build caches bounded. Reports the build cache before and after,
 * and what was reclaimed; `dryRun` shows what `du` says is reclaimable and removes nothing.
 */
export default async function dockerPruneExecutor(
  options: unknown,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor('docker-prune', context, async (io) => {
    const { includeBuilderCache, localCaches, dryRun, ...o } = parseOptions(
      dockerPruneSchema,
      options,
      'docker-prune options',
    );
    const prune = parseOptions(pruneOptionsSchema, o, 'docker-prune options'); // checks durations and sizes up front
    const dirs =
      localCaches === false
        ? []
        : await localCacheDirs(context, localCaches === true ? undefined : localCaches);
    const before = await diskUsage({ builder: o.builder });
    io.info(
      `build cache: ${formatBytes(before.totalBytes)} in ${before.records.length} records, ${formatBytes(before.reclaimableBytes)} reclaimable`,
    );

    if (dryRun) {
      for (const dir of dirs)
        io.info(`would remove local cache ${dir} (${formatBytes(await directorySize(dir))})`);
      io.info(
        `dry run: nothing pruned (buildx prune${prune.all ? ' --all' : ''} would reclaim up to ${formatBytes(before.reclaimableBytes)})`,
      );
      return;
    }

    const version = await buildxVersion();
    let reclaimed = (
      await runPrune(prune, { version, onLine: io.verbose ? io.progress : undefined })
    ).reclaimedBytes;
    if (includeBuilderCache)
      reclaimed += (await runPrune({ ...prune, builder: undefined }, { version, kind: 'builder' }))
        .reclaimedBytes;
    let local = 0;
    for (const dir of dirs) {
      const size = await directorySize(dir);
      if (await removeLocalCache(dir)) {
        local += size;
        io.info(`removed local cache ${dir} (${formatBytes(size)})`);
      }
    }
    const after = await diskUsage({ builder: o.builder });
    io.info(
      `pruned: ${formatBytes(reclaimed)} of build cache reclaimed${dirs.length ? `, ${formatBytes(local)} of local caches` : ''} — ` +
        `build cache ${formatBytes(before.totalBytes)} → ${formatBytes(after.totalBytes)}`,
    );
  });
}
