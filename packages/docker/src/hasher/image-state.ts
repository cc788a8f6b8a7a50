import type { GitInfo } from '@nx-buildx/buildx';
import { localImageIds, readGitInfo } from '@nx-buildx/buildx';
import type { DockerBuildOptions } from '../executors/docker-build/options';
import { dockerBuildSchema } from '../executors/docker-build/options';
import { planBuild } from '../lib/build-plan';
import { tagsUseGit } from '../lib/git-facts';
import { neverRepeats } from './never-repeats';
import type { ProjectFacts } from '../lib/project';

/**
 * What a `docker-build` run leaves that Nx's file hash cannot see: the images in the
 * engine. `images <tag>=<id> …` when every tag the build makes is in the local engine
 * (one `docker image inspect`); otherwise a value that never repeats, so Nx can only
 * miss: a missing tag, a build that pushes or exports where we cannot cheaply look,
 * options the executor would reject, or an engine that does not answer. Never a
 * constant for "absent": the first run after an `rmi` would replay an old run.
 */
export async function imageStateOf(
  rawOptions: Record<string, unknown>,
  project: ProjectFacts,
  env: Record<string, string | undefined>,
  deps: { readGit?: (root: string) => Promise<GitInfo>; imageIds?: typeof localImageIds } = {},
): Promise<string> {
  const parsed = dockerBuildSchema.safeParse(rawOptions);
  if (!parsed.success) return neverRepeats('options the executor will reject');
  const o: DockerBuildOptions = parsed.data;
  const git = tagsUseGit(o)
    ? await (deps.readGit ?? ((root) => readGitInfo(root, env)))(project.workspaceRoot)
    : {};
  let plan;
  try {
    plan = planBuild(o, project, git, env, new Date());
  } catch {
    return neverRepeats('options the executor will reject');
  }
  const b = plan.input.build;
  if (!b.load || b.push || (b.outputs ?? []).length)
    return neverRepeats('the build does not only load into the local engine');
  const ids = await (deps.imageIds ?? localImageIds)(plan.tags);
  if (!ids) return neverRepeats('a tag is not in the local engine');
  return `images ${plan.tags.map((t, i) => `${t}=${ids[i]}`).join(' ')}`;
}
