import type { ExecutorContext } from '@nx/devkit';
import { buildImage, parseOptions, stallLimitMs } from '@nx-buildx/buildx';
import { planBuild } from '../../image/build-plan';
import { gitFacts } from '../../lib/git-facts';
import { projectFacts } from '../../lib/project';
import { largeContextWarning } from '../../lib/context-warnings';
import { buildReport, outcomeOf, summaryLine, writeJsonAtomic } from '../../image/report';
import { withoutStaleReport } from '../../lib/no-stale-report';
import { runExecutor } from '../../lib/run-executor';
import { ownTaskHash, recordTagOrigins } from '../../hasher/tag-origins';
import { recordRunOptions } from '../../hasher/record-run-options';
import { dockerBuildSchema } from '../../image/options';
import { checkBeforeBuild } from '../pre-build-checks';

/**
 * `docker-build`: a cached image build with the chosen cache strategy. Writes
 * dist/docker/<projectRoot>/metadata.json only when the build succeeded.
 */
export default async function dockerBuildExecutor(
  options: unknown,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor('docker-build', context, async (io) => {
    const o = parseOptions(dockerBuildSchema, options, 'docker-build options');
    const project = projectFacts(context);
    const plan = planBuild(o, project, await gitFacts(o, context.root), process.env, new Date());
    await checkBeforeBuild({
      plan,
      project,
      context,
      rawOptions: options,
      stallTimeout: o.stallTimeout,
      warn: io.warn,
    });
    const task = { project: context.projectName, target: context.targetName };
    recordRunOptions(
      context,
      { ...task, configuration: context.configurationName },
      options,
      io.warn,
    );

    const result = await withoutStaleReport(plan.metadataFile, () =>
      buildImage(plan.input, {
        cwd: plan.cwd,
        onLine: io.progress,
        onCommand: io.command,
        stallLimitMs: stallLimitMs(o.stallTimeout),
      }),
    );

    const report = buildReport(project.name, plan, outcomeOf(result));
    await writeJsonAtomic(plan.metadataFile, report);
    await recordTagOrigins(context, ownTaskHash(context), task, plan.tags, io.warn);
    io.info(summaryLine(report));
    const large = await largeContextWarning(plan, result.contextBytes);
    if (large) io.warn(large);
  });
}
