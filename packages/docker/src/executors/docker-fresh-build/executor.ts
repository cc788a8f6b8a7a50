import type { ExecutorContext } from '@nx/devkit';
import type { BuildxVersion } from '@nx-buildx/buildx';
import {
  buildImage,
  stallLimitMs,
  buildxVersion,
  checkSecrets,
  formatBytes,
  freshBuildOverrides,
  parseOptions,
  runPrune,
} from '@nx-buildx/buildx';
import { planBuild } from '../../image/build-plan';
import { gitFacts } from '../../lib/git-facts';
import { projectFacts } from '../../lib/project';
import { largeContextWarning } from '../../lib/context-warnings';
import {
  checkAfterFreshBuild,
  checkBeforeFreshBuild,
  keepPulledBases,
} from '../../lib/fresh-guard';
import { buildReport, outcomeOf, summaryLine, writeJsonAtomic } from '../../image/report';
import { withoutStaleReport } from '../../lib/no-stale-report';
import type { ExecutorIo } from '../../lib/run-executor';
import { runExecutor } from '../../lib/run-executor';
import { dockerFreshBuildSchema } from './options';
import { checkBeforeBuild } from '../pre-build-checks';

/**
 * `docker-fresh-build`: a build with nothing stale in it (docs/freshness.md).
 * It also resets this project's own cache store — the build exports a new cache
 * instead of reading the old one — so the next docker-build is warm and correct.
 */
export default async function dockerFreshBuildExecutor(
  options: unknown,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor('docker-fresh-build', context, async (io) => {
    const { mode, stages, bustArg, ...o } = parseOptions(
      dockerFreshBuildSchema,
      options,
      'docker-fresh-build options',
    );
    const fresh = freshBuildOverrides({ mode, stages, bustArg });
    const project = projectFacts(context);
    const plan = planBuild(
      {
        ...o,
        ...fresh.build,
        buildArgs: { ...o.buildArgs, ...fresh.build.buildArgs },
        noCacheFilter: [...o.noCacheFilter, ...(fresh.build.noCacheFilter ?? [])],
      },
      project,
      await gitFacts(o, context.root),
      process.env,
      new Date(),
    );
    // Before any pruning: a refused build must not have cleared every cache first.
    await checkBeforeBuild({
      plan,
      project,
      context,
      rawOptions: options,
      stallTimeout: o.stallTimeout,
      warn: io.warn,
    });
    await checkSecrets(plan.input.build.secrets, plan.cwd, process.env);
    const dockerfile = await checkBeforeFreshBuild(plan, { mode, stages, bustArg });
    if (fresh.prunesAll) await pruneEverything(io, o.builder);

    const result = await withoutStaleReport(plan.metadataFile, () =>
      buildImage(
        {
          ...plan.input,
          readsCache: fresh.readsCache,
          // NOT_FRESH fails the build like a failed push: tags put back, no cache swapped.
          afterBuild: (built) => checkAfterFreshBuild(plan, { mode, stages, bustArg }, built.steps),
        },
        {
          cwd: plan.cwd,
          onLine: io.progress,
          onCommand: io.command,
          stallLimitMs: stallLimitMs(o.stallTimeout),
        },
      ),
    );
    await keepPulledBases(io, plan, dockerfile);

    const report = buildReport(project.name, plan, outcomeOf(result), mode);
    await writeJsonAtomic(plan.metadataFile, report);
    io.info(summaryLine(report));
    const large = await largeContextWarning(plan, result.contextBytes);
    if (large) io.warn(large);
  });
}

/** The seed recipe: clears every project's build cache on this engine, and says so. */
async function pruneEverything(io: ExecutorIo, builder: string | undefined): Promise<void> {
  io.warn(
    'mode "prune" clears the build cache of EVERY project on this engine (docker buildx prune --all, docker builder prune --all), not only this one.',
  );
  const version: BuildxVersion = await buildxVersion();
  const buildx = await runPrune({ all: true, builder }, { version });
  const engine = await runPrune({ all: true }, { version, kind: 'builder' });
  io.info(
    `pruned: ${formatBytes(buildx.reclaimedBytes + engine.reclaimedBytes)} reclaimed (buildx ${formatBytes(buildx.reclaimedBytes)}, builder ${formatBytes(engine.reclaimedBytes)})`,
  );
}
