import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { BakeImagesResult, BuildOptions, BuildxVersion } from '@nx-buildx/buildx';
import {
  bakeGaps,
  bakeImages,
  buildImage,
  buildxVersion,
  needsBakeVersion,
  parseOptions,
  stallLimitMs,
} from '@nx-buildx/buildx';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GraphBake, GraphFacts, GraphProject } from '../../image/bake-from-graph';
import { bakeFromGraph, bakeWaves } from '../../image/bake-from-graph';
import type { BatchTask, BatchTaskResult } from '../../lib/batch-tasks';
import { batchTargetNames, failedDependency, taskResult } from '../../lib/batch-tasks';
import type { BuildPlan } from '../../image/build-plan';
import { defaultProgress } from '../../image/build-plan';
import { gitFacts } from '../../lib/git-facts';
import { recordTagOrigins } from '../../hasher/tag-origins';
import { logger } from '../../lib/nx-shim';
import { failureMessage } from '../../lib/run-executor';
import { interruptedLine, trapStopSignals } from '../../lib/stop-signals';
import { checkBeforeBuild } from '../pre-build-checks';
import { recordRunOptions } from '../../hasher/record-run-options';
import { largeContextWarning } from '../../lib/context-warnings';
import { projectFactsOf } from '../../lib/project';
import { buildReport, outcomeOf, summaryLine, writeJsonAtomic } from '../../image/report';
import { withoutStaleReport } from '../../lib/no-stale-report';
import type { DockerBuildOptions } from '../../image/options';
import { dockerBuildSchema } from '../../image/options';

/** What Nx takes from a batch executor for each task as it completes. */
export interface BatchTaskReport {
  task: string;
  result: BatchTaskResult;
}

/**
 * docker-build's batch implementation (`nx affected -t docker-build --batch`): the
 * batch's images are built by `docker buildx bake` (bakeImages, isolated), one bake
 * unless an image waits for another of the batch (an Nx dependency, or its Dockerfile
 * uses that image: it then reads it from the engine, as a single build does), written
 * by the same definition writer as docker-bake's fromGraph, with the same checks as a
 * single build (report paths, copied build outputs, secrets, cache directories, locks).
 * Each task gets its own result, report file and output: an image refused or failed
 * fails its own task, the images of the batch built on it are skipped (as Nx skips
 * dependents), the others are built. Never throws: a throw would fail the whole batch.
 */
export async function* dockerBuildBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, unknown>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskReport> {
  // Said when the signal comes, as a single build says it (Nx may have muted itself by
  // the time the tasks' results reach it); images and reports of finished tasks stand.
  const ids = Object.keys(taskGraph.tasks);
  const trap = trapStopSignals((sig) =>
    interruptedLine(
      `docker-build (a batch of ${ids.length}: ${ids.join(', ')})`,
      sig,
      'the images and reports of its unfinished tasks are',
    ),
  );
  try {
    yield* buildBatch(taskGraph, inputs, context);
  } finally {
    trap.release();
  }
}

async function* buildBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, unknown>,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskReport> {
  const startTime = Date.now();
  const tasks: BatchTask[] = Object.values(taskGraph.tasks).map((t) => ({
    id: t.id,
    project: t.target.project,
    target: t.target.target,
  }));
  const names = batchTargetNames(tasks);
  const idOf = Object.fromEntries(tasks.map((t) => [names[t.id], t.id]));
  const lines = Object.fromEntries(tasks.map((t) => [t.id, [] as string[]]));
  // Nx prints each finished task's terminalOutput once: a line printed here as well came
  // out twice. Only a skipped task's output is not printed by Nx, so its reason is logged.
  const say = (id: string, line: string) => {
    lines[id]?.push(line);
  };
  const done = new Map<string, BatchTaskResult>();
  const finish = (id: string, status: BatchTaskResult['status'], line?: string) => {
    if (line && status === 'skipped') logger.warn(line);
    if (line) (status === 'failure' ? fail : say)(id, line);
    const result = taskResult(status, lines[id] ?? [], startTime);
    done.set(id, result);
    return { task: id, result };
  };
  const fail = (id: string, message: string) => {
    lines[id]?.push(message);
    logger.error(message);
  };
  const dependsOn = Object.fromEntries(
    tasks.map((t) => [t.id, taskGraph.dependencies[t.id] ?? []]),
  );

  // Options first: a task with invalid options fails alone, and git is read only when
  // some task's options use it.
  const options = new Map<string, DockerBuildOptions>();
  for (const t of tasks) {
    try {
      options.set(t.id, parseOptions(dockerBuildSchema, inputs[t.id], `${t.id} options`));
    } catch (err) {
      yield finish(t.id, 'failure', failure(t.id, err));
    }
  }
  let facts: GraphFacts;
  try {
    const texts = new Map<string, string>();
    facts = {
      git: await gitFacts([...options.values()], context.root),
      env: process.env,
      now: new Date(),
      // Each Dockerfile is read once, whichever check reads it first.
      readFile: (path: string) => {
        if (!texts.has(path)) texts.set(path, readFileSync(resolve(context.root, path), 'utf8'));
        return texts.get(path) as string;
      },
    };
  } catch (err) {
    for (const id of options.keys()) yield finish(id, 'failure', failure(id, err));
    return;
  }

  // Each task on its own first: a refusal fails that task only.
  const ready = new Map<string, GraphProject>();
  const plans = new Map<string, BuildPlan>();
  let progress: DockerBuildOptions['progress'];
  for (const [id, o] of options) {
    const project = projectOf(id);
    try {
      const plan = bakeFromGraph([project], facts).plans[names[id] as string];
      if (!plan) throw new Error(`${id}: no image to build`);
      plans.set(id, plan);
      const { project: taskProject, target, configuration } = taskGraph.tasks[id]?.target ?? {};
      // A refusal fails this task only.
      await checkBeforeBuild({
        plan,
        project: project.facts,
        context,
        task: { project: taskProject, target },
        rawOptions: inputs[id],
        stallTimeout: o.stallTimeout,
        warn: (m) => say(id, `warning: ${m}`),
      });
      recordRunOptions(context, { project: taskProject, target, configuration }, inputs[id], (m) =>
        say(id, `warning: ${m}`),
      );
      progress ??= o.progress;
      ready.set(id, project);
    } catch (err) {
      yield finish(id, 'failure', failure(id, err));
    }
  }

  // The images each image builds on are baked before it, as Nx's dependencies are.
  let bases: Record<string, string[]> = {};
  try {
    bases = basesOf(bakeFromGraph([...ready.values()], facts), idOf);
  } catch {
    // each bake finds the problem again and fails only its task
  }
  const after = mergeEdges(dependsOn, bases);
  // An image whose options a bake target cannot carry on this buildx (network before
  // 0.17, iidFile, addHosts…) is built on its own, as without --batch: never baked
  // without them.
  const single = new Map<string, string[]>();
  let version: BuildxVersion | undefined;
  for (const id of ready.keys()) {
    const build = (plans.get(id) as BuildPlan).input.build as BuildOptions; // planBuild: validated
    try {
      if (needsBakeVersion(build)) version ??= await buildxVersion();
      const gaps = bakeGaps(build, version);
      if (gaps.length) single.set(id, gaps);
    } catch (err) {
      ready.delete(id);
      yield finish(id, 'failure', failure(id, err));
    }
  }
  for (const wave of bakeWaves([...ready.keys()], after)) {
    const failed = new Set([...done].filter(([, r]) => r.status !== 'success').map(([id]) => id));
    const runnable: string[] = [];
    for (const id of wave) {
      const blocker = failedDependency(id, after, failed);
      if (blocker)
        yield finish(id, 'skipped', `${id} was not built: it depends on ${blocker}, which failed.`);
      else runnable.push(id);
    }
    for (const id of runnable.filter((r) => single.has(r))) yield* buildAlone(id);
    const baked = runnable.filter((r) => !single.has(r));
    if (!baked.length) continue;
    yield* bakeWave(baked);
  }
  // Nx runs a batch again until every task is reported: never leave one out.
  for (const t of tasks)
    if (!done.has(t.id)) yield finish(t.id, 'failure', `${t.id}: not built (no result)`);

  function projectOf(id: string): GraphProject {
    const t = taskGraph.tasks[id] as TaskGraph['tasks'][string];
    const o = options.get(id) as DockerBuildOptions;
    return { facts: projectFactsOf(context, t.target.project), options: o, key: names[id] };
  }

  /** Which run left each tag's image (hasher/tag-origins.ts); a failure to say so is no build failure. */
  function recordOrigins(id: string, plan: BuildPlan): Promise<void> {
    const task = taskGraph.tasks[id];
    return recordTagOrigins(context, task?.hash, task?.target ?? {}, plan.tags, (m) =>
      say(id, `warning: ${m}`),
    );
  }

  /** One image by `docker buildx build`, as docker-build builds it without --batch. */
  async function* buildAlone(id: string): AsyncGenerator<BatchTaskReport> {
    const plan = plans.get(id) as BuildPlan;
    say(
      id,
      `docker-build: ${id} is built on its own (docker buildx build): a bake target cannot carry ${(single.get(id) ?? []).join(', ')}`,
    );
    try {
      const result = await withoutStaleReport(plan.metadataFile, () =>
        buildImage(plan.input, {
          cwd: plan.cwd,
          onLine: (line) => process.stdout.write(`${line}\n`),
          stallLimitMs: stallLimitMs(options.get(id)?.stallTimeout),
        }),
      );
      const report = buildReport(ready.get(id)?.facts.name ?? id, plan, outcomeOf(result));
      await writeJsonAtomic(plan.metadataFile, report);
      await recordOrigins(id, plan);
      const large = await largeContextWarning(plan, result.contextBytes);
      if (large) say(id, `warning: ${large}`);
      yield finish(id, 'success', `${id}: ${summaryLine(report)}`);
    } catch (err) {
      yield finish(id, 'failure', failure(id, err));
    }
  }

  /** One bake of `ids`. */
  async function* bakeWave(ids: string[]): AsyncGenerator<BatchTaskReport> {
    let result: BakeImagesResult;
    let plans: Record<string, BuildPlan>;
    try {
      const graph = bakeFromGraph(
        ids.map((id) => ready.get(id) as GraphProject),
        facts,
      );
      plans = graph.plans;
      logger.info(
        `docker-build: one bake of ${ids.length} image${ids.length > 1 ? 's' : ''} (${Object.keys(graph.images).join(', ')})`,
      );
      result = await bakeImages(
        {
          images: graph.images,
          isolate: true,
          run: { progress: progress ?? defaultProgress(process.env) },
        },
        {
          cwd: context.root,
          onLine: (line) => process.stdout.write(`${line}\n`),
          onWarning: (m) => logger.warn(`warning: ${m}`),
          stallLimitMs: batchStallLimit(ids.map((id) => options.get(id)?.stallTimeout)),
        },
      );
    } catch (err) {
      // The engine, the builder or an interruption: no image of this bake was built.
      for (const id of ids) yield finish(id, 'failure', failure(id, err));
      return;
    }
    for (const id of ids) {
      const name = names[id] as string;
      const image = result.images[name];
      // The progress streamed live already; a task keeps its own lines only when they
      // explain its failure (Nx prints each task's output again, and caches it).
      if (image?.status !== 'built') lines[id]?.push(...(image?.output ?? []));
      if (image?.status === 'built') {
        const plan = plans[name] as BuildPlan;
        const report = buildReport(ready.get(id)?.facts.name ?? name, plan, {
          digest: image.metadata.digest,
          steps: image.steps,
          cache: image.cache,
          durationMs: result.durationMs,
        });
        try {
          await writeJsonAtomic(plan.metadataFile, report);
          await recordOrigins(id, plan);
          yield finish(id, 'success', `${id}: ${summaryLine(report)}`);
        } catch (err) {
          yield finish(id, 'failure', failure(id, err));
        }
      } else if (image?.status === 'not-built') {
        yield finish(id, 'skipped', `${id}: ${image.error.message}`);
      } else {
        yield finish(id, 'failure', failure(id, image?.error ?? result.error));
      }
    }
  }
}

/** For each task, the tasks of the batch its Dockerfile uses the images of. */
function basesOf(graph: GraphBake, idOf: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(graph.bases).map(([name, bases]) => [
      idOf[name] as string,
      bases.map((b) => idOf[b] as string),
    ]),
  );
}

/** Both edge lists in one: every task waits for what either says it depends on. */
function mergeEdges(
  a: Readonly<Record<string, readonly string[]>>,
  b: Readonly<Record<string, readonly string[]>>,
): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)]))
    merged[id] = [...new Set([...(a[id] ?? []), ...(b[id] ?? [])])];
  return merged;
}

/** One message per failed task, as docker-build says it; a bug keeps its stack under --verbose. */
function failure(id: string, err: unknown): string {
  return failureMessage('docker-build', id, err, process.env.NX_VERBOSE_LOGGING === 'true');
}

/**
 * One bake builds the whole wave, so it gets one stall limit: the most patient of its
 * tasks', and none when some task set none (a limit must not stop a build that asked
 * for no limit).
 */
export function batchStallLimit(
  stallTimeouts: ReadonlyArray<string | undefined>,
): number | undefined {
  const limits = stallTimeouts.map(stallLimitMs);
  if (!limits.length || limits.some((l) => l === undefined)) return undefined;
  return Math.max(...(limits as number[]));
}
