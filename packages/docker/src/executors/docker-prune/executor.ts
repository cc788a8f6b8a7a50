import type { ExecutorContext } from '@nx/devkit';
import {
  buildxVersion,
  cacheDirProblem,
  directorySize,
  diskUsage,
  formatBytes,
  InvalidOptionError,
  parseOptions,
  pruneOptionsSchema,
  removeLocalCache,
  runPrune,
} from '@nx-buildx/buildx';
import { existsSync } from 'node:fs';
import { localCacheDirs } from '../../lib/local-caches';
import { runExecutor } from '../../lib/run-executor';
import { dockerPruneSchema } from './options';
import { pruneValueProblems } from './values';

/**
 * `docker-prune`: keeps build caches bounded. Reports the build cache before and after,
 * and what was reclaimed; `dryRun` shows what `du` says is reclaimable and removes nothing.
 * Local caches are removed only when nx-buildx made them (their marker), never the
 * workspace or a folder around it.
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
    const prune = parseOptions(pruneOptionsSchema, o, 'docker-prune options');
    const problems = pruneValueProblems(prune); // the dry run refuses what the real run would
    if (problems.length) throw new InvalidOptionError(problems, 'docker-prune options');
    const found =
      localCaches === false
        ? []
        : await localCacheDirs(context, localCaches === true ? undefined : localCaches);
    const dirs: string[] = [];
    for (const dir of found.filter((d) => existsSync(d))) {
      const problem = await cacheDirProblem({
        dir,
        workspaceRoot: context.root,
        option: 'localCaches',
      });
      if (problem) io.warn(`not removing ${dir}: ${problem.message.split('\n')[0]}`);
      else dirs.push(dir);
    }
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
      if (await removeLocalCache(dir, { workspaceRoot: context.root, onLine: io.info })) {
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
