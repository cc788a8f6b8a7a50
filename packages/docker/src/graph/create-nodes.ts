import type { CreateNodesResult, NxJsonConfiguration } from '@nx/devkit';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { globProblem, readDockerfileText } from '../image/read-dockerfile';
import { join, posix } from 'node:path';
import type { ProjectFacts, TargetFacts } from './build-outputs';
import { DOCKERFILE_GLOB, dockerfileVariant, variantTargetName } from '../image/dockerfile-names';
import type { DockerfileFacts, InferredNodes } from './infer-targets';
import { ignoreFileOf, inferTargets } from './infer-targets';
import { loadParser } from '../image/load-parser';
import { quickCopies } from './quick-copies';
import { logger, workspaceDataDir } from '../lib/nx-shim';
import { DOCKER_BUILD, DOCKER_FRESH_BUILD } from '../lib/executor-names';
import { runtimeStateInput } from '../hasher/runtime-input';
import type { InferredImage } from './upstream-images';
import { upstreamInputs } from './upstream-images';
import type { ImageRead } from '../image/reads';
import type { PluginOptions } from './plugin-options';
import { normalizePluginOptions } from './plugin-options';

/**
 * Nx's createNodes shapes, declared here rather than imported: Nx 22 names them
 * CreateNodesV2/CreateNodesContextV2/CreateNodesResultV2 (its `CreateNodes` is the old
 * one-file shape), Nx 23 renames them to CreateNodes/CreateNodesContext/
 * CreateNodesResultArray and deprecates the V2 names. The shape is the same in 22, 23, 24.
 */
export interface CreateNodesContext {
  readonly nxJsonConfiguration: NxJsonConfiguration;
  readonly workspaceRoot: string;
}
export type CreateNodesResults = Array<
  readonly [configFileSource: string, result: CreateNodesResult]
>;
export type CreateNodesPair = readonly [
  projectFilePattern: string,
  createNodesFunction: (
    projectConfigurationFiles: readonly string[],
    options: unknown,
    context: CreateNodesContext,
  ) => Promise<CreateNodesResults>,
];

/** Bumped when inference changes, so cached targets of an older plugin are not reused. */
const INFERENCE_VERSION = '7';

/**
 * Targets for every Dockerfile of a project (`Dockerfile`, `Dockerfile.<v>`,
 * `<v>.Dockerfile`). Spawns nothing; targets are cached under Nx's workspace data
 * directory keyed by the content of the files they were inferred from. A Dockerfile
 * outside any project is skipped; one that cannot be read is skipped with a warning;
 * one that cannot be parsed gets conservative targets and a warning — never an error
 * that would stop every nx command.
 */
export async function createDockerNodes(
  files: readonly string[],
  rawOptions: unknown,
  context: CreateNodesContext,
): Promise<CreateNodesResults> {
  const options = normalizePluginOptions(rawOptions);
  const cache = new TargetCache(context.workspaceRoot, options);
  // Most Dockerfiles share the workspace root's .dockerignore: read each file once a run.
  const texts = new Map<string, string | undefined>();
  const readOnce = (path: string) => {
    if (!texts.has(path)) texts.set(path, readText(join(context.workspaceRoot, path)));
    return texts.get(path);
  };
  const inferred: Array<{ file: string; nodes: InferredNodes; image: InferredImage }> = [];
  let upstream: ReturnType<typeof upstreamInputs>;
  try {
    for (const file of files) {
      const variant = dockerfileVariant(file);
      if (variant === undefined) continue;
      const found = nodesOf(file, variant, options, context.workspaceRoot, cache, readOnce);
      if (found) inferred.push({ file, ...found });
    }
    upstream = upstreamInputs(inferred.map((i) => i.image));
  } finally {
    cache.save(); // after upstreamInputs, which keeps the images it parsed for
  }
  return inferred.map(({ file, nodes }) => {
    const root = posix.dirname(file);
    // New objects: `nodes` may be the cache's, which must stay as inferred from the file.
    const targets = Object.fromEntries(
      Object.entries(nodes.targets).map(([name, t]) => {
        if (t.executor !== DOCKER_BUILD && t.executor !== DOCKER_FRESH_BUILD) return [name, t];
        const inputs = [
          ...t.inputs,
          ...(upstream.get(file) ?? []),
          runtimeStateInput(context.workspaceRoot, root, name),
        ];
        return [name, { ...t, inputs }];
      }),
    );
    const metadata = { targetGroups: { Docker: Object.keys(targets) } };
    return [file, { projects: { [root]: { targets, namedInputs: nodes.namedInputs, metadata } } }];
  });
}

function nodesOf(
  file: string,
  variant: string,
  options: PluginOptions,
  workspaceRoot: string,
  cache: TargetCache,
  readOnce: (path: string) => string | undefined,
): { nodes: InferredNodes; image: InferredImage } | undefined {
  const root = posix.dirname(file);
  const projectJson = readOnce(posix.join(root, 'project.json'));
  const packageJson = readOnce(posix.join(root, 'package.json'));
  if (projectJson === undefined && packageJson === undefined) return undefined; // not a project
  let text: string;
  try {
    text = readDockerfileText(join(workspaceRoot, file), file);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code
      ? `${file} cannot be read (${(err as NodeJS.ErrnoException).code})`
      : (err as Error).message;
    logger.warn(`@nx-buildx/docker: ${why}; it gets no docker targets until it can.`);
    return undefined;
  }
  const ownIgnoreFile = existsSync(join(workspaceRoot, `${file}.dockerignore`));
  const project = projectFacts(root, projectJson, packageJson);
  const ignoreText = readOnce(
    ignoreFileOf(project, { file, variant, ownIgnoreFile }, options.buildTargetName).ignoreFile,
  );
  const key = createHash('sha256')
    .update(JSON.stringify([file, text, projectJson, packageJson, ownIgnoreFile, ignoreText]))
    .digest('hex');
  const buildName = variantTargetName(options.buildTargetName, variant);
  const withImage = (nodes: CachedNodes) => ({
    nodes,
    image: {
      project: project.name,
      file,
      buildName,
      text,
      // Options the user gave the target in project.json count (Nx merges them over ours).
      options: { ...nodes.targets[buildName]?.options, ...project.targets[buildName]?.options },
      images: nodes.images,
      keep: (images: ImageRead[]) => cache.keepImages(key, images),
    },
  });
  const cached = cache.get(key);
  if (cached) return withImage(cached);

  let info: DockerfileFacts['info'];
  try {
    // A plain Dockerfile is read line by line; dockerfile-ast loads only for the others,
    // and when named contexts may stand for a FROM (the line reader sees COPY/ADD only).
    const named = project.targets[buildName]?.options?.buildContexts;
    const copies = named ? undefined : quickCopies(text);
    info = copies ? { copies } : loadParser()(text, { file });
  } catch (err) {
    info = err as Error;
    logger.warn(
      `@nx-buildx/docker: ${(err as Error).message.split('\n')[0]} — its targets copy the whole context and build after build and ^build until it is fixed.`,
    );
  }
  const kindOf = (path: string) => {
    try {
      return statSync(join(workspaceRoot, path)).isDirectory()
        ? ('dir' as const)
        : ('file' as const);
    } catch {
      return undefined;
    }
  };
  const nodes = inferTargets(
    project,
    { file, variant, info, ownIgnoreFile, ignoreText, kindOf },
    options,
  );
  const refused = refusedGlob(nodes, text);
  if (refused) {
    // Nx's hasher refuses such an input, and with it every task of the run.
    logger.warn(
      `@nx-buildx/docker: ${file}${refused.line ? `:${refused.line}` : ''}: ${refused.problem}, which Nx cannot hash; it gets no docker targets until it is fixed (the other projects are not affected).`,
    );
    return undefined;
  }
  if (!(info instanceof Error)) cache.set(key, nodes); // a broken file warns every time
  return withImage(nodes);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function projectFacts(
  root: string,
  projectJson: string | undefined,
  packageJson: string | undefined,
): ProjectFacts {
  const parse = (text: string | undefined): Record<string, unknown> => {
    try {
      const value = text === undefined ? {} : JSON.parse(text);
      return value && typeof value === 'object' ? value : {};
    } catch {
      return {}; // Nx itself reports a malformed project.json or package.json
    }
  };
  const pj = parse(projectJson);
  const pkg = parse(packageJson);
  const nx = (pkg.nx ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const targets = {
    ...((nx.targets ?? {}) as Record<string, TargetFacts>),
    ...((pj.targets ?? {}) as Record<string, TargetFacts>),
  };
  return {
    name: str(pj.name) ?? str(nx.name) ?? str(pkg.name) ?? posix.basename(root),
    root,
    targets,
    npmPublishable: packageJson !== undefined && pkg.private !== true,
  };
}

/** Inferred targets and, once parsed for them, the images the Dockerfile uses. */
type CachedNodes = InferredNodes & { images?: readonly ImageRead[] };

/** Inferred targets by the hash of what they were inferred from, in one JSON file. */
class TargetCache {
  private readonly path: string;
  private readonly old: Record<string, CachedNodes>;
  private readonly used: Record<string, CachedNodes> = {};
  private changed = false;

  constructor(workspaceRoot: string, options: PluginOptions) {
    const optionsHash = createHash('sha256')
      .update(JSON.stringify([INFERENCE_VERSION, options]))
      .digest('hex')
      .slice(0, 16);
    this.path = join(workspaceDataDir(workspaceRoot), `nx-buildx-docker-${optionsHash}.json`);
    try {
      this.old = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      this.old = {};
    }
  }

  get(key: string): CachedNodes | undefined {
    const hit = this.old[key];
    if (hit) this.used[key] = hit;
    return hit;
  }

  set(key: string, nodes: InferredNodes): void {
    this.used[key] = nodes;
    this.changed = true;
  }

  /** Adds the images the Dockerfile of entry `key` uses (none for a file not cached). */
  keepImages(key: string, images: readonly ImageRead[]): void {
    const entry = this.used[key];
    if (!entry) return;
    this.used[key] = { ...entry, images };
    this.changed = true;
  }

  /** Keeps what this run used; written atomically, and a failure to write costs only time. */
  save(): void {
    if (!this.changed && Object.keys(this.used).length === Object.keys(this.old).length) return;
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const next = `${this.path}.${process.pid}.tmp`;
      writeFileSync(next, JSON.stringify(this.used));
      renameSync(next, this.path);
    } catch {
      // read-only workspace: inference simply runs again next time
    }
  }
}

/** The plugin's createNodes pair: the Dockerfile glob and {@link createDockerNodes}. */
export const dockerCreateNodes: CreateNodesPair = [DOCKERFILE_GLOB, createDockerNodes];

/** The first input of `nodes` Nx's hasher would refuse, with the Dockerfile line it came from. */
function refusedGlob(
  nodes: InferredNodes,
  text: string,
): { problem: string; line?: number } | undefined {
  const patterns = Object.values(nodes.namedInputs)
    .flat()
    .flatMap((i) => (typeof i === 'string' ? [i] : 'fileset' in i ? [i.fileset] : []));
  for (const pattern of patterns) {
    const problem = globProblem(pattern);
    if (!problem) continue;
    const path = pattern.replace(/^!?\{(workspace|project)Root\}\/?/, '');
    const at = text.split('\n').findIndex((l) => path && l.includes(path));
    return { problem, line: at >= 0 ? at + 1 : undefined };
  }
  return undefined;
}
