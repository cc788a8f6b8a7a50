import type { DockerfileInfo, StepCounts } from '@nx-buildx/buildx';
import {
  NotFreshError,
  checkFreshPlan,
  externalBases,
  falseFreshProblem,
  parseDockerfile,
  refreshBaseImages,
} from '@nx-buildx/buildx';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BuildPlan } from '../image/build-plan';
import type { ExecutorIo } from './run-executor';

export interface FreshRequest {
  mode: string;
  stages: readonly string[];
  bustArg: string;
}

/**
 * Reads the Dockerfile and fails before building when `mode` cannot make this build
 * fresh (no ARG to bust, unknown stage). Returns the parsed Dockerfile, or undefined
 * when it cannot be read: the build then fails with its own clear message.
 */
export async function checkBeforeFreshBuild(
  plan: BuildPlan,
  f: FreshRequest,
): Promise<DockerfileInfo | undefined> {
  const file = plan.input.build.file ?? 'Dockerfile';
  const text = await readFile(resolve(plan.cwd, file), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const info = parseDockerfile(text, { buildArgs: plan.input.build.buildArgs, file });
  checkFreshPlan(info, { ...f, target: plan.input.build.target, file });
  return info;
}

/**
 * Fails a build whose step counts show that what the mode was to rebuild came from
 * cache, so no metadata ever records a false "fresh". The counts come from BuildKit's
 * solve status, so they hold in every progress mode.
 */
export function checkAfterFreshBuild(plan: BuildPlan, f: FreshRequest, steps: StepCounts): void {
  const problem = falseFreshProblem(f, steps);
  if (!problem) return;
  throw new NotFreshError(
    f.mode,
    `${plan.tags[0] ?? plan.image} was built, but ${problem}.`,
    f.mode === 'bust'
      ? `Declare "ARG ${f.bustArg}" in a stage the build uses, before the RUN steps that must rerun, or use mode "no-cache". No metadata was written.`
      : 'Run it again with mode "no-cache", and report this with the output above. No metadata was written.',
  );
}

/**
 * After a `--pull` build, pulls the FROM images it used into the engine, so the next
 * cached docker-build starts from the same bases instead of the engine's older tags.
 */
export async function keepPulledBases(
  io: ExecutorIo,
  plan: BuildPlan,
  info: DockerfileInfo | undefined,
): Promise<void> {
  if (!info || !plan.input.build.pull) return;
  const refs = externalBases(info, plan.input.build.target);
  const results = await refreshBaseImages(refs, plan.input.build.platforms ?? []);
  const ok = results.filter((r) => r.ok).map((r) => r.ref + (r.platform ? ` (${r.platform})` : ''));
  if (ok.length)
    io.info(`base images refreshed in the engine for the next builds: ${ok.join(', ')}`);
  for (const r of results.filter((x) => !x.ok))
    io.warn(
      `could not refresh the base image ${r.ref} in the engine (${r.detail ?? 'failed'}): the next docker-build may start from the engine's older copy. Run: ${r.command}`,
    );
}
