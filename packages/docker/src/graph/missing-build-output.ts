import type { ExecutorContext } from '@nx/devkit';
import { BuildxError } from '@nx-buildx/buildx';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFacts } from './build-outputs';
import { hasGlob, overlaps, ownOutputs } from './build-outputs';
import { contextSources } from './infer-targets';
import { dockerfileCopies } from '../lib/dockerfile-copies';

/** A COPY/ADD source that a build target writes is not there: the build did not run. */
export class MissingBuildOutputError extends BuildxError {
  readonly code = 'BUILD_OUTPUT_MISSING';
  constructor(readonly missing: Array<{ path: string; command: string }>) {
    super(
      missing
        .map(
          (m) =>
            `${m.path} not found: it is the output of \`${m.command}\` — run it first or add dependsOn`,
        )
        .join('\n'),
    );
  }
}

/** Who writes `path`: a target whose outputs hold it, else `build` of the project under dist/. */
export function producerOf(path: string, context: ExecutorContext): string | undefined {
  const projects = Object.entries(context.projectsConfigurations?.projects ?? {});
  for (const [name, config] of projects) {
    const facts: ProjectFacts = { name, root: config.root, targets: config.targets ?? {} };
    const hit = ownOutputs(facts).find((o) =>
      o.dirs.some((d) => path === d || path.startsWith(`${d}/`) || d.startsWith(`${path}/`)),
    );
    if (hit) return `nx ${hit.target} ${name}`;
  }
  for (const [name, config] of projects) {
    const dir = `dist/${config.root}`;
    if (config.targets?.build && config.root !== '.' && overlaps(path, dir) && path !== 'dist')
      return `nx build ${name}`;
  }
  return undefined;
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
): void {
  if (!build.file || /^[a-z]+:\/\//i.test(build.context)) return;
  const copies = dockerfileCopies(join(context.root, build.file), build.buildArgs);
  if (!copies) return; // unreadable or broken: BuildKit says so, in its words
  const sources = contextSources({ copies }, build.context);
  const missing = sources
    .filter((s) => s && !hasGlob(s) && !existsSync(join(context.root, s)))
    .flatMap((path) => {
      const command = producerOf(path, context);
      return command ? [{ path, command }] : [];
    });
  if (missing.length) throw new MissingBuildOutputError(missing);
}
