import type { ExecutorContext } from '@nx/devkit';
import { BuildxError } from '@nx-buildx/buildx';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFacts } from './build-outputs';
import { hasGlob } from '../image/paths';
import { overlaps, ownOutputs } from './build-outputs';
import { contextSources } from '../image/reads';
import { dockerfileCopies } from '../image/dockerfile-copies';

/** A COPY/ADD source that a build target writes is not there: the build did not run. */
export class MissingBuildOutputError extends BuildxError {
  readonly code = 'BUILD_OUTPUT_MISSING';
  constructor(readonly missing: MissingOutput[]) {
    super(
      missing
        .map((m) =>
          m.dependedOn
            ? `${m.path} not found, though \`${m.command}\` runs before this target (its dependsOn has it): that build does not write ${m.path}. Check its output path against the COPY source of the Dockerfile — or it was left out (--exclude-task-dependencies).`
            : `${m.path} not found: it is the output of \`${m.command}\` — run it first or add dependsOn`,
        )
        .join('\n'),
    );
  }
}

interface MissingOutput {
  path: string;
  command: string;
  /** The running target already depends on the producer: the build ran, or was left out. */
  dependedOn: boolean;
}

interface Producer {
  project: string;
  target: string;
}

/** Who writes `path`: a target whose outputs hold it, else `build` of the project under dist/. */
export function producerOf(path: string, context: ExecutorContext): Producer | undefined {
  const projects = Object.entries(context.projectsConfigurations?.projects ?? {});
  for (const [name, config] of projects) {
    const facts: ProjectFacts = { name, root: config.root, targets: config.targets ?? {} };
    const hit = ownOutputs(facts).find((o) =>
      o.dirs.some((d) => path === d || path.startsWith(`${d}/`) || d.startsWith(`${path}/`)),
    );
    if (hit) return { project: name, target: hit.target };
  }
  for (const [name, config] of projects) {
    const dir = `dist/${config.root}`;
    if (config.targets?.build && config.root !== '.' && overlaps(path, dir) && path !== 'dist')
      return { project: name, target: 'build' };
  }
  return undefined;
}

/** Whether `task`'s dependsOn names the producer (`build`, `^build`, or the object forms). */
function dependsOnProducer(
  context: ExecutorContext,
  task: { project?: string; target?: string },
  producer: Producer,
): boolean {
  if (!task.project || !task.target) return false;
  const deps =
    context.projectsConfigurations?.projects[task.project]?.targets?.[task.target]?.dependsOn ?? [];
  return deps.some((d) => {
    if (typeof d === 'string')
      return producer.project === task.project
        ? d === producer.target
        : d === `^${producer.target}`;
    if (d.target !== producer.target) return false;
    if (d.projects) return ([] as string[]).concat(d.projects).includes(producer.project);
    return d.dependencies ? producer.project !== task.project : producer.project === task.project;
  });
}

/**
 * Before a build: every literal COPY/ADD source of the context that is the output of a
 * build target must exist, or the build stops with what to run — instead of BuildKit's
 * bare "not found" after the engine was started. Other missing files are left to BuildKit.
 */
export function checkCopiedOutputs(
  build: {
    file?: string;
    context: string;
    buildArgs?: Readonly<Record<string, string | number | boolean>>;
  },
  context: ExecutorContext,
  /** The task checked; an executor's own context names it, a batch's does not. */
  task: { project?: string; target?: string } = {
    project: context.projectName,
    target: context.targetName,
  },
): void {
  if (!build.file || /^[a-z]+:\/\//i.test(build.context)) return;
  const copies = dockerfileCopies(join(context.root, build.file), build.buildArgs);
  if (!copies) return; // unreadable or broken: BuildKit says so, in its words
  const sources = contextSources({ copies }, build.context);
  const missing = sources
    .filter((s) => s && !hasGlob(s) && !existsSync(join(context.root, s)))
    .flatMap((path) => {
      const producer = producerOf(path, context);
      if (!producer) return [];
      const command = `nx ${producer.target} ${producer.project}`;
      return [{ path, command, dependedOn: dependsOnProducer(context, task, producer) }];
    });
  if (missing.length) throw new MissingBuildOutputError(missing);
}
