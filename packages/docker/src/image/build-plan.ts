import type { BuildOptions, GitInfo, ImageBuildInput } from '@nx-buildx/buildx';
import { buildOptionsObject, InvalidOptionError, publicSourceUrl } from '@nx-buildx/buildx';
import { isAbsolute, join, resolve } from 'node:path';
import type { DockerBuildOptions } from './options';
import { imageNameOfProject, projectImageName } from './dockerfile-names';
import { defaultLocalCacheDir } from './cache-location';
import { imageNameProblem, splitRef, tagProblem } from './ref';
import { applyLatestRule } from './latest-rule';
import { interpolate, interpolateTag, type PlaceholderValues } from './placeholders';
import type { ProjectFacts } from './project';
import { sourceDate } from './source-date';

/** Everything an executor needs to build one project's image. */
export interface BuildPlan {
  input: ImageBuildInput;
  /** Image name with registry, no tag. */
  image: string;
  /** Full references the build tags. */
  tags: string[];
  /** Absolute path of the metadata JSON this plugin writes after a successful build. */
  metadataFile: string;
  /** Where the docker CLI runs: the workspace root, which all paths are relative to. */
  cwd: string;
}

/**
 * Turns validated executor options into a build: image name and tags with placeholders
 * filled in, OCI labels, defaults that depend on other options, and the cache strategy's
 * settings. Pure: git facts, environment and time are passed in.
 */
export function planBuild(
  o: DockerBuildOptions,
  project: ProjectFacts,
  git: GitInfo,
  env: Record<string, string | undefined>,
  now: Date,
): BuildPlan {
  const problems: Array<{ path: string; message: string }> = [];
  const values: PlaceholderValues = {
    sha: git.sha,
    branch: git.branch,
    tag: git.tag,
    pr: git.pr,
    version: project.version,
    projectName: project.name,
    date: now,
  };
  const failed = Symbol('reported');
  const attempt = <T>(option: string, f: () => T): T | typeof failed => {
    try {
      return f();
    } catch (err) {
      problems.push({ path: option, message: (err as Error).message.replace(`${option}: `, '') });
      return failed; // reported once: the unfilled template is not checked again
    }
  };
  const fill = (template: string, option: string) => {
    const v = attempt(option, () => interpolate(template, values, option));
    return v === failed ? undefined : v;
  };

  const filledName = fill(projectImageName(project.name, { imageName: o.imageName }), 'imageName');
  const imageName = filledName ?? o.imageName ?? '';
  const image = projectImageName(project.name, { imageName, registry: o.registry });
  const nameProblem = filledName === undefined ? undefined : imageNameProblem(image);
  if (nameProblem)
    problems.push({ path: o.registry ? 'registry/imageName' : 'imageName', message: nameProblem });

  const entries = applyLatestRule(o.tags, o.latest, git, project.defaultBase);
  const filled = entries.flatMap(({ template: t, path }) => {
    const value = attempt(path, () => interpolateTag(t, values, path));
    if (value === failed) return [t];
    if (value === undefined) return []; // a PR/tag/release placeholder this build has not
    const isFullRef = value.includes('/') || value.includes(':');
    const { name, tag } = isFullRef ? splitRef(value) : { name: image, tag: value };
    const problem =
      (isFullRef ? imageNameProblem(name) : undefined) ??
      (tag === undefined ? undefined : tagProblem(tag));
    if (problem) problems.push({ path, message: problem });
    return [`${name}:${tag ?? 'latest'}`];
  });
  const tags = [...new Set(filled)]; // {ref} and {branch} are one tag on a branch build
  if (tags.length === 0 && !o.outputs.length)
    problems.push({
      path: 'tags',
      message:
        o.tags.length > 0
          ? `no tag applies to this build: each of ${JSON.stringify(o.tags)} uses a placeholder it has no value for ({branch} {tag} {pr} {major} {minor} {patch}) or is latest under the latest rule; add one that always applies, e.g. "{shortSha}"`
          : 'at least one tag is needed to name the image (e.g. tags: ["latest"])',
    });
  if (problems.length) throw new InvalidOptionError(problems, `options for ${project.name}`);

  const workspaceRoot = project.workspaceRoot;
  const fromRoot = (p: string) => (isAbsolute(p) ? p : resolve(workspaceRoot, p));
  const labels = {
    ...(o.ociLabels ? ociLabels(imageName, project, git, sourceDate(env, git)) : {}),
    ...o.labels,
  };
  const load = o.load ?? (!o.push && o.outputs.length === 0 && o.platforms.length <= 1);
  // buildx's default provenance attestation holds a build ID and times: every no-op build
  // of an image only loaded into the engine would get a new image ID (docs/freshness.md).
  const onlyLoaded = load && !o.push && o.outputs.length === 0;
  const provenance = o.provenance ?? (onlyLoaded ? false : undefined);

  return {
    image,
    tags,
    cwd: workspaceRoot,
    metadataFile: fromRoot(o.metadataFile ?? join('dist/docker', project.root, 'metadata.json')),
    input: {
      // buildx's options pass through as validated (typed: cache entries stay objects);
      // only what the plugin decides is set here, so buildImage does not parse them again.
      validated: true,
      build: {
        ...buildxOptions(o),
        file: o.file ?? join(project.root, 'Dockerfile'),
        tags,
        labels,
        load,
        ...(provenance === undefined ? {} : { provenance }),
        progress: o.progress ?? defaultProgress(env),
      },
      cache: {
        strategy: o.cacheStrategy,
        scope: imageNameOfProject(project.name).replace(/\//g, '-'),
        imageRef: tags[0],
        imageName: image,
        push: o.push,
        localDir: o.cacheDir
          ? fromRoot(o.cacheDir)
          : defaultLocalCacheDir(workspaceRoot, imageNameOfProject(project.name), env),
        registry: { ref: o.cacheRegistryRef, attrs: o.cacheRegistryAttrs },
        s3: o.cacheS3,
      },
    },
  };
}

/**
 * The options buildx's build takes, as given; the plugin's own (image name, cache
 * strategy, fresh modes…) stay behind. `metadataFile` is the plugin's report here, not
 * buildx's --metadata-file (buildx's goes to a temporary file).
 */
export function buildxOptions(o: DockerBuildOptions): Omit<BuildOptions, 'metadataFile'> {
  const picked = Object.keys(buildOptionsObject.shape)
    .filter((key) => key !== 'metadataFile')
    .map((key) => [key, o[key as keyof DockerBuildOptions]] as const)
    .filter(([, value]) => value !== undefined);
  return Object.fromEntries(picked) as Omit<BuildOptions, 'metadataFile'>;
}

/** BuildKit's `auto` progress for people, `plain` (readable logs) on CI. */
export function defaultProgress(env: Record<string, string | undefined>): 'auto' | 'plain' {
  return env.CI ? 'plain' : 'auto';
}

function ociLabels(
  title: string,
  project: ProjectFacts,
  git: GitInfo,
  created: Date | undefined,
): Record<string, string> {
  const labels: Record<string, string> = { 'org.opencontainers.image.title': title };
  if (created) labels['org.opencontainers.image.created'] = created.toISOString();
  // readGitInfo already cleans it; a GitInfo from elsewhere must not leak either.
  const source = publicSourceUrl(git.remoteUrl);
  if (source) labels['org.opencontainers.image.source'] = source;
  if (git.sha) labels['org.opencontainers.image.revision'] = git.sha;
  if (project.version) labels['org.opencontainers.image.version'] = project.version;
  return labels;
}
