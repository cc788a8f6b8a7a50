import type { GitInfo } from '@nx-buildx/buildx';
import { localImageIds, parseDockerfile, readGitInfo } from '@nx-buildx/buildx';
import { resolve } from 'node:path';
import type { DockerBuildOptions } from '../image/options';
import { dockerBuildSchema } from '../image/options';
import { planBuild } from '../image/build-plan';
import { tagsUseGit } from '../lib/git-facts';
import { neverRepeats } from './never-repeats';
import { originOf } from './tag-origins';
import type { ProjectFacts } from '../image/project';
import { imageReads } from '../image/reads';
import { readDockerfileText } from '../image/read-dockerfile';

/** What imageStateOf reads from outside, replaceable in tests. */
export interface ImageStateDeps {
  readGit?: (root: string) => Promise<GitInfo>;
  imageIds?: typeof localImageIds;
  readFile?: (path: string) => string;
  /** The run that first left image `id` under `tag` (./tag-origins.ts). */
  originOf?: (tag: string, id: string) => string | undefined;
}

/**
 * What a `docker-build` run reads and leaves that Nx's file hash cannot see, from the
 * image model (image/reads.ts): the image IDs of every tag the build makes and of
 * every base image it reads (FROM, COPY --from, RUN --mount from=, docker-image://
 * contexts), with ONE `docker image inspect`. A base built by another project of the
 * workspace is also an input of the target (its files, and it is hashed after that build;
 * graph/upstream-images.ts). Otherwise a value that never repeats, so Nx can only miss: a
 * missing tag or base, content nothing can vouch for (ADD <url> without --checksum, a
 * remote or target: context, a FROM whose ARG has no value), a build that pushes or
 * exports where we cannot cheaply look, options the executor would reject, or an engine
 * that does not answer. Never a constant for "absent": the first run after an `rmi`
 * would replay an old run.
 */
export async function imageStateOf(
  rawOptions: Record<string, unknown>,
  project: ProjectFacts,
  env: Record<string, string | undefined>,
  deps: ImageStateDeps = {},
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
  let reads;
  try {
    const file = resolve(plan.cwd, b.file ?? 'Dockerfile');
    const text = (deps.readFile ?? readDockerfileText)(file);
    const info = parseDockerfile(text, { buildArgs: b.buildArgs, file: b.file });
    reads = imageReads(info, {
      context: b.context,
      buildContexts: b.buildContexts,
      secrets: b.secrets,
    });
  } catch {
    return neverRepeats('the Dockerfile cannot be read');
  }
  if (reads.unhashable.length) return neverRepeats(reads.unhashable.join('; '));
  // A digest-pinned base is content-addressed: the Dockerfile's text (hashed) says it all.
  const bases = [...new Set(reads.images.map((i) => i.ref).filter((r) => !r.includes('@')))];
  const refs = [...plan.tags, ...bases];
  const ids = await (deps.imageIds ?? localImageIds)(refs);
  if (!ids) return neverRepeats('a tag or base image is not in the local engine');
  const origin = deps.originOf ?? ((tag, id) => originOf(project.workspaceRoot, tag, id));
  // A tag the build makes also says which run left its image there (./tag-origins.ts).
  const made = (t: string, i: number) =>
    i < plan.tags.length ? `@${origin(t, ids[i] as string) ?? 'unrecorded'}` : '';
  return ['images', ...refs.map((t, i) => `${t}=${ids[i]}${made(t, i)}`)].join(' ');
}
