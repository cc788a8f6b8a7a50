import type { ProjectConfiguration, Tree } from '@nx/devkit';
import {
  logger,
  readJson,
  readNxJson,
  readProjectConfiguration,
  updateProjectConfiguration,
} from '@nx/devkit';
import { InvalidOptionError, parseOptions } from '@nx-buildx/buildx';
import { posix } from 'node:path';
import { DOCKER_BUILD } from '../../lib/executor-names';
import { findPluginEntry, PLUGIN_NAME, pluginOptionsOf } from '../lib/plugin-entry';
import { finish } from '../lib/run-generator';
import { genericDockerfile } from './generic-template';
import type { PackageManager } from './node-app-template';
import { nodeAppDockerfile } from './node-app-template';
import type { DockerfileOptions, DockerfileTemplate } from './options';
import { DOCKERFILE_OPTIONS, dockerfileSchema } from './options';
import type { Manifest, ProjectInfo, TargetInfo } from './project-kind';
import { buildOutputPath, chooseTemplate, clean, manifestSource, nodeEntry } from './project-kind';
import { nginxConf, staticDockerfile } from './static-template';
import { writeGenerated } from './write-files';

export const DEFAULT_BASE_IMAGES: Record<DockerfileTemplate, string> = {
  'node-app': 'node:20-slim',
  static: 'nginxinc/nginx-unprivileged:stable-alpine',
  generic: 'debian:bookworm-slim',
};
const STATIC_PORT = 8080;

export interface DockerfileGeneratorDeps {
  /** Targets other plugins infer (not in project.json), from the project graph. */
  inferredTargets(project: string): Promise<Record<string, TargetInfo>>;
}

/** `nx g @nx-buildx/docker:dockerfile --project api`: see options.ts and the README. */
export default async function dockerfileGenerator(
  tree: Tree,
  input: unknown,
  deps: DockerfileGeneratorDeps = { inferredTargets: inferredTargetsFromGraph },
): Promise<void> {
  const o = parseOptions(dockerfileSchema, input, DOCKERFILE_OPTIONS);
  const config = readProject(tree, o.project);
  const project = await projectInfo(tree, config, o.buildTarget, deps);
  const chosen = o.template
    ? { template: o.template, reason: 'asked with --template' }
    : chooseTemplate(project, o.buildTarget);
  const template = chosen.template;
  const build = project.targets[o.buildTarget];
  if (!build && template !== 'generic')
    throw new InvalidOptionError(
      [
        {
          path: 'buildTarget',
          message: `project "${o.project}" has no target "${o.buildTarget}" (it has: ${Object.keys(project.targets).join(', ') || 'none'}); the ${template} image copies what that build writes. Pass --buildTarget <target that builds it>, or --template generic`,
        },
      ],
      DOCKERFILE_OPTIONS,
    );
  if (template === 'static' && o.port !== undefined && o.port < 1024)
    throw new InvalidOptionError(
      [
        {
          path: 'port',
          message: `${o.port}: the unprivileged nginx cannot listen below 1024. Use --port ${STATIC_PORT} (the default) and publish it as you like: docker run -p ${o.port}:${STATIC_PORT}`,
        },
      ],
      DOCKERFILE_OPTIONS,
    );

  const dockerfile = clean(o.dockerfile ?? posix.join(config.root, 'Dockerfile'));
  const outputPath = clean(o.outputPath ?? buildOutputPath(project, o.buildTarget));
  const baseImage = o.baseImage ?? DEFAULT_BASE_IMAGES[template];
  const manifest: Manifest | undefined =
    template === 'node-app' ? manifestSource(project, o.buildTarget) : undefined;
  const files: Record<string, string> = {};
  if (template === 'node-app' && manifest) {
    files[dockerfile] = nodeAppDockerfile({
      project: o.project,
      buildTarget: o.buildTarget,
      outputPath,
      baseImage,
      port: o.port,
      entry: nodeEntry(project, o.buildTarget),
      manifest,
      packageManager: packageManager(tree),
    });
  } else if (template === 'static') {
    const conf = posix.join(posix.dirname(dockerfile), 'nginx.conf');
    const port = o.port ?? STATIC_PORT;
    files[dockerfile] = staticDockerfile({
      project: o.project,
      buildTarget: o.buildTarget,
      outputPath,
      baseImage,
      port,
      nginxConf: conf,
    });
    files[conf] = nginxConf(port);
  } else {
    files[dockerfile] = genericDockerfile({
      project: o.project,
      buildTarget: o.buildTarget,
      outputPath,
      baseImage,
      port: o.port,
    });
  }

  // Refuses before anything is written: an existing file with other content needs --force.
  const written = writeGenerated(tree, files, o.force, template);
  const said = [
    `${o.project}: ${dockerfile} (template ${template}: ${chosen.reason}; base image ${baseImage}; copies ${outputPath})`,
    ...written.map((w) => `  ${w.path}: ${w.what}`),
  ];
  said.push(
    ...updateProject(tree, config, o, { template, manifest, build, dockerfile, outputPath }),
  );
  await finish(tree, o);
  said.push(`  next: npx nx run ${o.project}:docker-build`);
  logger.info(said.join('\n'));
}

/** project.json changes: a pruned manifest from the build, and docker-build after the build. */
function updateProject(
  tree: Tree,
  config: ProjectConfiguration,
  o: DockerfileOptions,
  facts: {
    template: DockerfileTemplate;
    manifest?: Manifest;
    build?: TargetInfo;
    dockerfile: string;
    outputPath: string;
  },
): string[] {
  const said: string[] = [];
  const targets = { ...(config.targets ?? {}) };
  let changed = false;
  const ownBuild = targets[o.buildTarget];
  if (facts.manifest?.kind === 'build-output' && facts.manifest.setGeneratePackageJson) {
    if (ownBuild) {
      targets[o.buildTarget] = {
        ...ownBuild,
        options: { ...ownBuild.options, generatePackageJson: true },
      };
      changed = true;
      said.push(
        `  ${o.buildTarget}: set generatePackageJson, so the build writes a package.json and lockfile with only what the app imports`,
      );
    } else
      said.push(
        `  ${o.buildTarget} is inferred: set generatePackageJson: true in its options so it writes the pruned package.json and lockfile the image installs`,
      );
  }
  const producers = facts.build
    ? [o.buildTarget, ...(facts.manifest?.kind === 'prune-target' ? [facts.manifest.target] : [])]
    : [];
  const registered = findPluginEntry(readNxJson(tree)) !== undefined;
  const targetName = pluginOptionsOf(tree).buildTargetName;
  const existing = targets[targetName];
  if (registered && !existing) {
    said.push(
      `  ${targetName}: inferred by the ${PLUGIN_NAME} plugin in nx.json, after ${producers.join(', ') || 'nothing'} (the Dockerfile copies ${facts.outputPath})`,
    );
    const stray = strayPruneTargets(config, facts.manifest);
    if (stray.length)
      said.push(
        `  warning: ${stray.join(' and ')} write into ${facts.outputPath}, so the inferred ${targetName} runs them first, but they need ${config.root}/package.json, which this project lacks (the build's generatePackageJson does their work here): remove them from the project, or give ${targetName} an explicit dependsOn`,
      );
  } else if (!existing) {
    targets[targetName] = {
      executor: DOCKER_BUILD,
      dependsOn: producers,
      options: { file: facts.dockerfile },
    };
    changed = true;
    said.push(
      `  ${targetName}: added to project.json, after ${producers.join(', ') || 'nothing'} (no ${PLUGIN_NAME} plugin in nx.json to infer it)`,
    );
  } else {
    const missing = producers.filter((p) => !(existing.dependsOn ?? []).includes(p));
    if (missing.length) {
      targets[targetName] = { ...existing, dependsOn: [...(existing.dependsOn ?? []), ...missing] };
      changed = true;
      said.push(`  ${targetName}: now depends on ${missing.join(', ')}`);
    }
  }
  if (changed) updateProjectConfiguration(tree, o.project, { ...config, targets });
  return said;
}

/**
 * Nx's node generator adds prune-lockfile and copy-workspace-modules in any workspace, but
 * they read the project's own package.json (TS-solution layout) and fail without it.
 */
function strayPruneTargets(config: ProjectConfiguration, manifest?: Manifest): string[] {
  if (manifest?.kind !== 'build-output') return [];
  return Object.entries(config.targets ?? {})
    .filter(([, t]) => /^@nx\/js:(prune-lockfile|copy-workspace-modules)$/.test(t.executor ?? ''))
    .map(([name]) => name);
}

function readProject(tree: Tree, name: string): ProjectConfiguration {
  try {
    return readProjectConfiguration(tree, name);
  } catch {
    throw new InvalidOptionError(
      [
        {
          path: 'project',
          message: `no project "${name}" in this workspace; run \`npx nx show projects\` to list them`,
        },
      ],
      DOCKERFILE_OPTIONS,
    );
  }
}

async function projectInfo(
  tree: Tree,
  config: ProjectConfiguration,
  buildTarget: string,
  deps: DockerfileGeneratorDeps,
): Promise<ProjectInfo> {
  let targets = (config.targets ?? {}) as Record<string, TargetInfo>;
  // Another plugin may infer the build (vite, webpack…): the graph has it, project.json not.
  if (!targets[buildTarget])
    targets = { ...(await deps.inferredTargets(config.name ?? '')), ...targets };
  const pkgPath = posix.join(config.root, 'package.json');
  const hasPackageJson = config.root !== '.' && tree.exists(pkgPath);
  const pkg = hasPackageJson
    ? readJson<{ dependencies?: object; devDependencies?: object }>(tree, pkgPath)
    : {};
  return {
    name: config.name ?? '',
    root: config.root,
    targets,
    hasPackageJson,
    packageDeps: [
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.devDependencies ?? {}),
    ],
  };
}

async function inferredTargetsFromGraph(project: string): Promise<Record<string, TargetInfo>> {
  try {
    const { createProjectGraphAsync } = await import('@nx/devkit');
    const graph = await createProjectGraphAsync({ exitOnError: false });
    return (graph.nodes[project]?.data.targets ?? {}) as Record<string, TargetInfo>;
  } catch {
    return {}; // without a graph, only project.json counts
  }
}

function packageManager(tree: Tree): PackageManager {
  if (tree.exists('pnpm-lock.yaml')) return 'pnpm';
  if (tree.exists('yarn.lock')) return 'yarn';
  return 'npm';
}
