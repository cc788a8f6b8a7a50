import type { TargetConfiguration, Tree } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { homedir } from 'node:os';
import { posix } from 'node:path';
import { cleanPath } from '../../image/paths';
import { resolveOutput } from '../../graph/build-outputs';
import { variantTargetName } from '../../image/dockerfile-names';
import { LEGACY_CACHE_ROOT, userCacheRoot } from '../../image/cache-location';
import { pickDockerfile } from '../lib/pick-dockerfile';
import { pluginOptionsOf } from '../lib/plugin-entry';
import { readProject } from '../lib/project-targets';
import { finish, generatorOptions } from '../lib/run-generator';
import { pathInContext } from '@nx-buildx/buildx';
import { dockerignoreText, ROOT_FILES } from './content';
import { dockerignoreSchema } from './options';
import type { WorkspaceGraph } from './workspace-graph';
import { dependencyClosure, workspaceGraph } from './workspace-graph';

/**
 * Writes the .dockerignore that applies to a project's image build: with the workspace
 * root as context `<Dockerfile>.dockerignore` (BuildKit reads it before the context's
 * .dockerignore, so each image has its own), else `<context>/.dockerignore`. Derived from
 * the project graph, so running it again after a dependency is added re-includes it.
 */
export async function dockerignoreGenerator(tree: Tree, raw: unknown): Promise<void> {
  const o = generatorOptions('dockerignore', dockerignoreSchema, raw);
  const project = readProject(tree, o.project, 'dockerignore');
  const dockerfile = pickDockerfile(tree, o.project, project, o.dockerfile, 'dockerignore');
  const graph = await workspaceGraph(tree);
  const buildName = variantTargetName(pluginOptionsOf(tree).buildTargetName, dockerfile.variant);
  const dockerBuild = { ...graph.projects[o.project]?.targets, ...project.targets }[buildName];
  const configured = (dockerBuild?.options as { context?: unknown } | undefined)?.context;
  const context = cleanPath(o.context ?? (typeof configured === 'string' ? configured : '.'));
  const closure = dependencyClosure(graph, o.project);
  const outputsOf = (name: string) => buildOutputs(graph, name, o.buildTarget);
  const others = Object.keys(graph.projects).filter((n) => n !== o.project);

  const text = dockerignoreText({
    mode: o.mode,
    command: `nx g @nx-buildx/docker:dockerignore --project ${o.project}${o.mode === 'graph' ? '' : ` --mode ${o.mode}`}${o.dockerfile ? ` --dockerfile ${dockerfile.file}` : ''}${o.context !== undefined ? ` --context ${o.context || '.'}` : ''}`,
    context,
    project: { name: o.project, root: cleanPath(project.root) },
    dependencyRoots: closure.map((n) => cleanPath(graph.projects[n]?.root ?? '')),
    outputs: outputsOf(o.project),
    otherOutputs: others.flatMap(outputsOf),
    rootFiles: ROOT_FILES.filter((f) => tree.isFile(f)),
    cacheDirs: cacheDirsInside(tree.root),
  });
  const file = context === '' ? `${dockerfile.file}.dockerignore` : `${context}/.dockerignore`;
  const before = tree.exists(file) ? tree.read(file, 'utf8') : undefined;
  if (before !== text) tree.write(file, text);
  logger.info(
    before === text
      ? `@nx-buildx/docker:dockerignore: ${file} is up to date.`
      : `@nx-buildx/docker:dockerignore: ${before === undefined ? 'wrote' : 'rewrote'} ${file} (mode ${o.mode}) for ${dockerfile.file} with context ${context || '. (the workspace root)'}` +
          (o.mode === 'graph'
            ? `: sends ${[o.project, ...closure].join(', ')}${closure.length ? '' : ' (no workspace dependencies)'}, the root config and lockfile and ${o.project}'s build output.`
            : '.'),
  );
  await finish(tree, o);
}

/**
 * The directories a project's build target writes: its outputs resolved (as the graph
 * plugin resolves them), else `dist/<root>`, Nx's usual place; none without the target.
 */
export function buildOutputs(graph: WorkspaceGraph, name: string, target: string): string[] {
  const project = graph.projects[name];
  const build: TargetConfiguration | undefined = project?.targets[target];
  if (!project || !build) return [];
  const facts = { name, root: project.root };
  const dirs = (Array.isArray(build.outputs) ? build.outputs : []).flatMap(
    (out) => resolveOutput(out, facts, build.options ?? {}) ?? [],
  );
  return dirs.length ? dirs : [cleanPath(posix.join('dist', project.root))];
}

/** The plugin's local cache directories that lie inside the workspace, workspace-relative. */
function cacheDirsInside(root: string): string[] {
  const inside = pathInContext(root, userCacheRoot(process.env, homedir()));
  return [...(inside ? [inside] : []), LEGACY_CACHE_ROOT];
}

export default dockerignoreGenerator;
