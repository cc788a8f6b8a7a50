import type { TargetConfiguration } from '@nx/devkit';
import type { DockerfileReads } from '../image/reads';
import { contextSources } from '../image/reads';
import type { ProjectFacts } from './build-outputs';
import { cleanPath, hasGlob } from '../image/paths';
import { onlyOutput, producersOf } from './build-outputs';
import { ignoreNegations } from './dockerignore-inputs';
import { imageNameOfProject, projectImageName, variantTargetName } from '../image/dockerfile-names';
import type { PluginOptions } from './plugin-options';
import { runAndReleaseTargets } from './run-release-targets';

/** A target as Nx takes it from a plugin (the fields this plugin sets). */
export interface InferredTarget {
  executor: string;
  options: Record<string, unknown>;
  dependsOn: string[];
  inputs: NonNullable<TargetConfiguration['inputs']>;
  cache: boolean;
  metadata: Record<string, unknown>;
  configurations?: Record<string, Record<string, unknown>>;
}

/**
 * What one Dockerfile adds to its project: its targets, and the named input (named after
 * the build target) that holds what its images are built from. docker-build and
 * docker-fresh both refer to it by name: Nx keeps one copy of the list per project (in
 * its graph, its source maps and the plugin worker's messages) instead of one per target.
 */
export interface InferredNodes {
  targets: Record<string, InferredTarget>;
  namedInputs: Record<string, NonNullable<TargetConfiguration['inputs']>>;
}

export interface DockerfileFacts {
  /** Workspace-relative path of the Dockerfile. */
  file: string;
  /** `''` for `Dockerfile`, else the variant name (`Dockerfile.worker` → `worker`). */
  variant: string;
  /** What the Dockerfile reads, or why it could not be parsed (inference is then conservative). */
  info: DockerfileReads | Error;
  /** Whether `<file>.dockerignore` exists (it then replaces the context's .dockerignore). */
  ownIgnoreFile: boolean;
  /** The text of the .dockerignore that applies ({@link ignoreFileOf}); undefined: none. */
  ignoreText?: string;
  /** Whether a workspace-relative path is a file or a directory now (undefined: neither). */
  kindOf?: (path: string) => 'file' | 'dir' | undefined;
}

/** `apps/api/src` → `{projectRoot}/src` inside the project, else `{workspaceRoot}/…`. */
function inputPath(path: string, root: string): string {
  if (root !== '.' && (path === root || path.startsWith(`${root}/`)))
    return `{projectRoot}${path.slice(root.length)}`;
  return path ? `{workspaceRoot}/${path}` : '{workspaceRoot}';
}

/** Globs that match a COPY source: the file itself, everything under the directory, or both. */
function sourceGlobs(path: string, root: string, kind?: 'file' | 'dir'): string[] {
  const p = inputPath(path, root);
  if (hasGlob(path) || kind === 'file') return [p];
  return path === '' || kind === 'dir' ? [`${p}/**/*`] : [p, `${p}/**/*`];
}

/** The build context and the .dockerignore that applies to it, workspace-relative. */
export function ignoreFileOf(
  project: ProjectFacts,
  dockerfile: Pick<DockerfileFacts, 'file' | 'variant' | 'ownIgnoreFile'>,
  buildTargetName: string,
): { context: string; file: string; ignoreFile: string } {
  // Options the user gave the target in project.json count (Nx merges them over ours).
  const explicit =
    project.targets[variantTargetName(buildTargetName, dockerfile.variant)]?.options ?? {};
  const context = cleanPath(typeof explicit.context === 'string' ? explicit.context : '.');
  const file = typeof explicit.file === 'string' ? cleanPath(explicit.file) : dockerfile.file;
  const ignoreFile = dockerfile.ownIgnoreFile
    ? `${file}.dockerignore`
    : cleanPath(`${context}/.dockerignore`);
  return { context, file, ignoreFile };
}

/**
 * The docker-build and docker-fresh targets of one Dockerfile. Pure: files are read and
 * the Dockerfile parsed before. Their `dependsOn` builds what the Dockerfile copies (the
 * project's `build`, `^build` for other projects' outputs) and the images it builds on
 * (`^docker-build`); their inputs are the Dockerfile, the .dockerignore that applies and
 * the context files COPY/ADD reach, so an unrelated edit changes neither hash nor image.
 */
export function inferTargets(
  project: ProjectFacts,
  dockerfile: DockerfileFacts,
  o: PluginOptions,
): InferredNodes {
  const buildName = variantTargetName(o.buildTargetName, dockerfile.variant);
  const freshName = variantTargetName(o.freshTargetName, dockerfile.variant);
  const explicit = project.targets[buildName]?.options ?? {};
  const { context, file, ignoreFile } = ignoreFileOf(project, dockerfile, o.buildTargetName);

  const imageName =
    projectImageName(project.name, { imageName: o.imageName }) +
    (dockerfile.variant ? `-${dockerfile.variant}` : '');
  const options: Record<string, unknown> = {
    file: dockerfile.file,
    ...(imageName !== imageNameOfProject(project.name) ? { imageName } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
    ...(o.tags ? { tags: o.tags } : {}),
  };
  const buildOptions = {
    ...options,
    ...(o.cacheStrategy ? { cacheStrategy: o.cacheStrategy } : {}),
  };
  // docker-fresh is docker-build made fresh: it starts from what the user set on the build
  // target in project.json (Nx merges only a target's own options), and its configurations.
  // Only when that target is ours: another executor's options mean nothing to docker-fresh.
  const userBuild = project.targets[buildName];
  const ours = !userBuild?.executor || userBuild.executor === '@nx-buildx/docker:docker-build';
  const freshOptions = ours ? { ...buildOptions, ...explicit } : buildOptions;
  const buildConfigurations = ours ? userBuild?.configurations : undefined;

  const sources = contextSources(dockerfile.info, context, {
    buildContexts: stringMap(explicit.buildContexts),
    secrets: Array.isArray(explicit.secrets) ? explicit.secrets : [],
  });
  const producers = new Set<string>();
  const fileSources: string[] = [];
  for (const source of sources) {
    const made = producersOf(source, project);
    made.forEach((p) => producers.add(p));
    if (!onlyOutput(source, project)) fileSources.push(source);
  }
  const dependsOn = [...producers, `^${o.buildTargetName}`];

  const secrets = Array.isArray(explicit.secrets) ? explicit.secrets : [];
  const files = [
    inputPath(file, project.root),
    inputPath(ignoreFile, project.root),
    ...fileSources.flatMap((s) => sourceGlobs(s, project.root, dockerfile.kindOf?.(s))),
  ];
  const inputs: InferredTarget['inputs'] = [
    ...files,
    // What the .dockerignore leaves out of the context is no input (conservatively).
    ...ignoreNegations({
      text: dockerfile.ignoreText,
      context,
      root: project.root,
      inputs: files,
      keep: [file, ignoreFile],
    }),
    ...(producers.size ? [{ dependentTasksOutputFiles: '**/*', transitive: true }] : []),
    ...secrets.flatMap((s) =>
      s && typeof s === 'object' && typeof (s as { env?: unknown }).env === 'string'
        ? [{ env: (s as { env: string }).env }]
        : [],
    ),
  ];

  const image = projectImageName(project.name, { imageName, registry: o.registry });
  const tags = o.tags ?? ['latest'];
  const strategy = o.cacheStrategy ?? 'auto';
  const why = sources.length
    ? `reads ${sources.map((s) => s || '(the whole context)').join(', ')}`
    : 'reads nothing from the context';
  // Every key here is repeated for every project in Nx's graph and source maps: only
  // what `nx show project` readers need (the Dockerfile is in options and inferredFrom).
  const metadata = (target: string, description: string, cacheStrategy?: string) => ({
    technologies: ['docker'],
    description,
    image,
    tags,
    ...(cacheStrategy ? { cacheStrategy } : {}),
    help: {
      command: `npx nx run ${project.name}:${target} --help`,
      example: { options: { tags: ['latest', '{shortSha}'] } },
    },
    inferredFrom: `${file} (${why})`,
  });

  return {
    targets: {
      [buildName]: {
        executor: '@nx-buildx/docker:docker-build',
        options: buildOptions,
        dependsOn,
        inputs: [buildName],
        cache: o.cache,
        metadata: metadata(
          buildName,
          `Build the image ${image}:${tags[0]} from ${file} with cache strategy "${strategy}", after the builds whose output it copies`,
          strategy,
        ),
      },
      [freshName]: {
        executor: '@nx-buildx/docker:docker-fresh-build',
        options: freshOptions,
        ...(buildConfigurations && typeof buildConfigurations === 'object'
          ? { configurations: buildConfigurations }
          : {}),
        dependsOn,
        inputs: [buildName],
        // A fresh build exists to rebuild now; its hasher never hits (0002).
        cache: false,
        metadata: metadata(
          freshName,
          `Build the image ${image}:${tags[0]} from ${file} with nothing stale in it (no build cache, bases pulled)`,
        ),
      },
      ...runAndReleaseTargets(project, dockerfile, buildName, dependsOn),
    },
    namedInputs: { [buildName]: inputs },
  };
}

/** A `Record<string, string>` option as project.json gives it (anything else: none). */
function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
