import type { ExecutorContext } from '@nx/devkit';
import type { BakeResult } from '@nx-buildx/buildx';
import {
  checkLocalCache,
  checkSecrets,
  inspectBuilderCached,
  parseOptions,
  printBake,
  readGitInfo,
  redactSecretArgs,
  runBake,
  secretBuildArgWarning,
  withLocalCaches,
} from '@nx-buildx/buildx';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GraphBake } from '../../lib/bake-from-graph';
import { bakeFromGraph } from '../../lib/bake-from-graph';
import { defaultProgress } from '../../lib/build-plan';
import { DOCKER_BUILD } from '../../lib/executor-names';
import { projectFactsOf } from '../../lib/project';
import { checkMetadataTarget } from '../../lib/metadata-target';
import { buildReport, writeJsonAtomic } from '../../lib/report';
import type { ExecutorIo } from '../../lib/run-executor';
import { runExecutor } from '../../lib/run-executor';
import type { DockerBuildOptions } from '../docker-build/options';
import { dockerBuildSchema } from '../docker-build/options';
import type { DockerBakeOptions } from './options';
import { dockerBakeSchema } from './options';

/**
 * `docker-bake`: many images in one BuildKit run, from bake files or — with fromGraph —
 * from the projects' docker-build options, linked through `target:` contexts.
 */
export default async function dockerBakeExecutor(
  options: unknown,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor('docker-bake', context, async (io) => {
    const o = parseOptions(dockerBakeSchema, options, 'docker-bake options');
    const run = {
      set: o.set,
      load: o.load,
      push: o.push,
      noCache: o.noCache,
      pull: o.pull,
      builder: o.builder,
      progress: o.progress ?? defaultProgress(process.env),
    };
    const ctx = { cwd: context.root, onLine: io.progress, onCommand: io.command };

    if (!o.fromGraph) {
      if (o.print)
        return io.info(
          JSON.stringify(
            redactSecretArgs(await printBake({ files: o.files, targets: o.targets, ...run }, ctx)),
            null,
            2,
          ),
        );
      const result = await runBake(
        {
          files: o.files,
          targets: o.targets,
          ...run,
          metadataFile: resolve(context.root, o.metadataFile),
        },
        ctx,
      );
      return report(io, result);
    }

    const graph = await graphBake(context, o);
    for (const [target, plan] of Object.entries(graph.plans))
      await checkMetadataTarget(plan.metadataFile, {
        suggestion: 'dist/docker/<project root>/metadata.json',
        subject: `options for ${target}`,
      });
    const targets = Object.keys(graph.definition.target);
    await checkGraphSecrets(io, graph, context.root);
    const localDirs = targets.flatMap((t) => graph.caches[t]?.local?.dir ?? []);
    for (const t of targets) {
      const [dir, plan] = [graph.caches[t]?.local?.dir, graph.plans[t]];
      if (dir && plan)
        await checkLocalCache(dir, {
          workspaceRoot: context.root,
          cwd: context.root,
          build: plan.input.build,
          env: process.env,
          onLine: io.info,
        });
    }
    const bakeFile = resolve(context.root, o.bakeFile);
    await writeJsonAtomic(bakeFile, graph.definition);
    io.info(`wrote ${o.bakeFile}: ${targets.join(', ')}`);
    if (o.print) return io.info(readFileSync(bakeFile, 'utf8'));

    const metadataFile = resolve(context.root, o.metadataFile);
    const result = await withLocalCaches(
      localDirs,
      () =>
        runBake({ files: [bakeFile], targets, ...run, metadataFile }, { ...ctx, env: graph.env }),
      { workspaceRoot: context.root, onLine: io.info },
    );
    for (const [target, r] of Object.entries(result.targets)) {
      const plan = graph.plans[target];
      const cacheStrategy = graph.caches[target]?.strategy ?? 'none';
      if (plan)
        await writeJsonAtomic(
          plan.metadataFile,
          buildReport(target, plan, {
            digest: r.digest,
            steps: r.steps,
            cacheStrategy,
            durationMs: result.durationMs,
          }),
        );
    }
    report(io, result);
  });
}

/** The bake of every project with a docker-build target (the build target of `o`). */
async function graphBake(context: ExecutorContext, o: DockerBakeOptions): Promise<GraphBake> {
  const projects = Object.entries(context.projectsConfigurations?.projects ?? {})
    .filter(([, p]) => p.targets?.[o.buildTarget]?.executor === DOCKER_BUILD)
    .map(([name, p]) => ({
      facts: projectFactsOf(context, name),
      options: validOptions(name, p.targets?.[o.buildTarget]?.options, o),
    }));
  const missing = o.projects.filter((p) => !projects.some((q) => q.facts.name === p));
  if (missing.length) {
    throw new Error(
      `projects: ${missing.map((m) => `"${m}"`).join(', ')} ha${missing.length > 1 ? 've' : 's'} no ${o.buildTarget} target using ${DOCKER_BUILD}`,
    );
  }
  const facts = {
    git: await readGitInfo(context.root),
    env: process.env,
    now: new Date(),
    builder: await inspectBuilderCached(o.builder),
    localExists: (dir: string) => existsSync(join(dir, 'index.json')),
    readFile: (path: string) => readFileSync(resolve(context.root, path), 'utf8'),
  };
  return bakeFromGraph(projects, facts, o.projects.length ? o.projects : undefined);
}

/** A project's docker-build options, or the error saying why they are invalid. */
function validOptions(
  name: string,
  options: Record<string, unknown> | undefined,
  o: DockerBakeOptions,
): DockerBuildOptions | Error {
  try {
    return parseOptions(
      dockerBuildSchema,
      { ...options, builder: o.builder ?? options?.builder },
      `${name}:${o.buildTarget} options`,
    );
  } catch (err) {
    return err as Error;
  }
}

/** Before bake.json is written: every secret has a value; secret-like build args are warned about. */
async function checkGraphSecrets(io: ExecutorIo, graph: GraphBake, root: string): Promise<void> {
  for (const [target, plan] of Object.entries(graph.plans)) {
    await checkSecrets(plan.input.build.secrets, root, process.env, `secrets of ${target}`);
    const warning = secretBuildArgWarning(plan.input.build.buildArgs, target);
    if (warning) io.warn(warning);
  }
}

function report(io: ExecutorIo, result: BakeResult): void {
  for (const [target, r] of Object.entries(result.targets)) {
    io.info(
      `${target}: ${r.imageNames[0] ?? '(no image)'} ${r.digest?.slice(0, 19) ?? ''} — ${r.steps.run} steps run, ${r.steps.cached} cached`,
    );
  }
  io.info(
    `bake: ${Object.keys(result.targets).length} targets — ${result.steps.run} steps run, ${result.steps.cached} cached — ${(result.durationMs / 1000).toFixed(1)}s`,
  );
}
