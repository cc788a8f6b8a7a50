import type { ExecutorContext } from '@nx/devkit';
import { bakeTargetName, parseOptions } from '@nx-buildx/buildx';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GraphBake } from '../../image/bake-from-graph';
import { bakeFromGraph } from '../../image/bake-from-graph';
import { DOCKER_BUILD } from '../../lib/executor-names';
import { projectFactsOf } from '../../lib/project';
import type { ProjectFacts } from '../../image/project';
import type { DockerBuildOptions } from '../../image/options';
import { dockerBuildSchema } from '../../image/options';
import type { DockerBakeOptions } from './options';
import { gitFacts } from '../../lib/git-facts';

/** Where a bake target's image comes from: its project and the options as written there. */
export interface BakeSource {
  facts: ProjectFacts;
  /** The project's docker-build options before zod (number values are checked on them). */
  given: Record<string, unknown> | undefined;
  options: Partial<DockerBuildOptions>;
}

/**
 * The bake of every project with a docker-build target (the build target of `o`), with
 * the project and options behind each bake target.
 */
export async function graphBake(
  context: ExecutorContext,
  o: DockerBakeOptions,
): Promise<GraphBake & { sources: Record<string, BakeSource> }> {
  // The project graph Nx ran the task with: inferred targets included, as `nx show project` shows them.
  const nodes = context.projectGraph
    ? Object.entries(context.projectGraph.nodes).map(([name, node]) => [name, node.data] as const)
    : Object.entries(context.projectsConfigurations?.projects ?? {});
  const projects = nodes
    .filter(([, p]) => p.targets?.[o.buildTarget]?.executor === DOCKER_BUILD)
    .map(([name, p]) => ({
      facts: projectFactsOf(context, name),
      given: p.targets?.[o.buildTarget]?.options,
      options: validOptions(name, p.targets?.[o.buildTarget]?.options, o),
    }));
  const missing = o.projects.filter((p) => !projects.some((q) => q.facts.name === p));
  if (missing.length) {
    throw new Error(
      `projects: ${missing.map((m) => `"${m}"`).join(', ')} ha${missing.length > 1 ? 've' : 's'} no ${o.buildTarget} target using ${DOCKER_BUILD}`,
    );
  }
  const facts = {
    git: await gitFacts(
      projects.flatMap((p) => (p.options instanceof Error ? [] : [p.options])),
      context.root,
    ),
    env: process.env,
    now: new Date(),
    readFile: (path: string) => readFileSync(resolve(context.root, path), 'utf8'),
  };
  const sources = Object.fromEntries(
    projects.map((p) => [
      bakeTargetName(p.facts.name),
      { facts: p.facts, given: p.given, options: p.options instanceof Error ? {} : p.options },
    ]),
  );
  return {
    ...bakeFromGraph(projects, facts, o.projects.length ? o.projects : undefined),
    sources,
  };
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
