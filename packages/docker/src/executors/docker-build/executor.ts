import type { ExecutorContext } from '@nx/devkit';
import { buildImage, parseOptions, stallLimitMs } from '@nx-buildx/buildx';
import { planBuild } from '../../image/build-plan';
import { gitFacts } from '../../lib/git-facts';
import { prepareReport } from '../../lib/metadata-target';
import { decimalValueWarnings } from '../../image/number-values';
import { projectFacts } from '../../lib/project';
import { contextWarnings } from '../../lib/context-warnings';
import { checkCopiedOutputs } from '../../graph/missing-build-output';
import { buildReport, outcomeOf, summaryLine, writeJsonAtomic } from '../../image/report';
import { withoutStaleReport } from '../../lib/no-stale-report';
import { runExecutor } from '../../lib/run-executor';
import { checkStateInput } from '../../hasher/state-input-check';
import { ownTaskHash, recordTagOrigins } from '../../hasher/tag-origins';
import { dockerBuildSchema } from '../../image/options';

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
    checkStateInput(context);
    const project = projectFacts(context);
    const plan = planBuild(o, project, await gitFacts(o, context.root), process.env, new Date());
    checkCopiedOutputs(plan.input.build, context);
    await prepareReport(plan, project, io.warn);
    decimalValueWarnings(options).forEach(io.warn);

    const sent = contextWarnings(io, plan);
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
    await recordTagOrigins(
      context,
      ownTaskHash(context),
      { project: context.projectName, target: context.targetName },
      plan.tags,
      io.warn,
    );
    io.info(summaryLine(report));
    await sent.afterBuild(result.contextBytes);
  });
}
