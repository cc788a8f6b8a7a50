import { posix } from 'node:path';
import { resolveOutput } from '../../graph/build-outputs';
import type { DockerfileTemplate } from './options';

/** A target as the generator reads it (project.json, or the project graph for inferred ones). */
export interface TargetInfo {
  executor?: string;
  command?: string;
  outputs?: string[];
  options?: Record<string, unknown>;
  dependsOn?: unknown[];
  metadata?: { technologies?: string[] };
}

/** What the generator knows of the project. */
export interface ProjectInfo {
  name: string;
  root: string;
  targets: Record<string, TargetInfo>;
  /** Whether the project has its own package.json (a TS-solution workspace). */
  hasPackageJson: boolean;
  /** Dependencies and devDependencies of that package.json. */
  packageDeps: string[];
}

// Executors that build a Node program (server, worker, CLI).
const NODE_EXECUTORS = [
  /^@nx\/node:/,
  /^@nx\/js:(tsc|swc|node)$/,
  /^@nx\/esbuild:/,
  /^@nx\/rollup:/,
  /^@nestjs\//,
];
// Executors that build files a browser loads.
const STATIC_EXECUTORS = [
  /^@nx\/vite:build$/,
  /^@nx\/web:/,
  /^@nx\/angular:(browser|application|webpack-browser|browser-esbuild)/,
  /^@angular-devkit\/build-angular:(browser|application|browser-esbuild)$/,
  /^@angular\/build:application$/,
  /^@nx\/react:/,
  /^@nx\/rspack:rspack$/,
];
const STATIC_TECHNOLOGIES = ['vite', 'react', 'angular', 'vue', 'svelte', 'rsbuild'];
const STATIC_PACKAGES = [
  'react-dom',
  '@angular/core',
  'vue',
  'svelte',
  'vite',
  'solid-js',
  'preact',
];
const NODE_PACKAGES = ['express', 'fastify', 'koa', '@nestjs/core', '@hapi/hapi', 'hono'];

/** Build executors whose `generatePackageJson` writes a pruned package.json and lockfile. */
export const GENERATES_PACKAGE_JSON = [
  /^@nx\/esbuild:esbuild$/,
  /^@nx\/webpack:webpack$/,
  /^@nx\/js:(tsc|swc)$/,
  /^@nx\/rollup:rollup$/,
  /^@nx\/rspack:rspack$/,
];

const matches = (patterns: RegExp[], executor = '') => patterns.some((p) => p.test(executor));

/** The template for a project, and why (said to the user). */
export function chooseTemplate(
  project: ProjectInfo,
  buildTarget: string,
): { template: DockerfileTemplate; reason: string } {
  const build = project.targets[buildTarget];
  const executor = build?.executor;
  const runsWithNode = Object.values(project.targets).some((t) =>
    /^@nx\/(js|node):node$/.test(t.executor ?? ''),
  );
  if (executor === '@nx/webpack:webpack' || executor === '@nx/rspack:rspack') {
    // One executor for both: a Node app declares it, or is served with node.
    const target = build?.options?.target;
    if (target === 'node' || runsWithNode)
      return { template: 'node-app', reason: `${buildTarget} uses ${executor} for Node` };
    return { template: 'static', reason: `${buildTarget} uses ${executor} for the browser` };
  }
  if (matches(NODE_EXECUTORS, executor))
    return { template: 'node-app', reason: `${buildTarget} uses ${executor}` };
  if (matches(STATIC_EXECUTORS, executor))
    return { template: 'static', reason: `${buildTarget} uses ${executor}` };
  const tech = build?.metadata?.technologies?.find((t) => STATIC_TECHNOLOGIES.includes(t));
  if (tech) return { template: 'static', reason: `${buildTarget} is a ${tech} build` };
  if (runsWithNode) return { template: 'node-app', reason: 'a target runs it with node' };
  const node = project.packageDeps.find((d) => NODE_PACKAGES.includes(d));
  if (node) return { template: 'node-app', reason: `its package.json depends on ${node}` };
  const web = project.packageDeps.find((d) => STATIC_PACKAGES.includes(d));
  if (web) return { template: 'static', reason: `its package.json depends on ${web}` };
  return {
    template: 'generic',
    reason: build
      ? `${buildTarget} (${executor ?? build.command ?? 'a command'}) is neither a Node nor a static web build`
      : `it has no ${buildTarget} target`,
  };
}

/**
 * The directory the build writes, workspace-relative: the build's outputPath option, its
 * first resolvable output, else `dist/<root>`. Angular's application builder puts the
 * files a browser loads in `<outputPath>/browser`.
 */
export function buildOutputPath(project: ProjectInfo, buildTarget: string): string {
  const build = project.targets[buildTarget];
  const options = build?.options ?? {};
  const fromOption = typeof options.outputPath === 'string' ? options.outputPath : undefined;
  const fromOutputs = (build?.outputs ?? [])
    .map((o) => resolveOutput(o, project, options))
    .find((o): o is string => !!o);
  const out = clean(fromOption ?? fromOutputs ?? `dist/${project.root}`);
  return /:application$/.test(build?.executor ?? '') && !out.endsWith('/browser')
    ? `${out}/browser`
    : out;
}

/** How a node-app image gets only the dependencies the app needs. */
export type Manifest =
  /** The build writes a pruned package.json + lockfile into its output (generatePackageJson). */
  | { kind: 'build-output'; setGeneratePackageJson: boolean }
  /** Nx's prune targets (@nx/js:prune-lockfile, copy-workspace-modules) write them. */
  | { kind: 'prune-target'; target: string; workspaceModules: boolean }
  /** Nothing prunes: the workspace's package.json and lockfile (all dependencies). */
  | { kind: 'workspace' };

export function manifestSource(project: ProjectInfo, buildTarget: string): Manifest {
  const build = project.targets[buildTarget];
  if (build?.options?.generatePackageJson === true)
    return { kind: 'build-output', setGeneratePackageJson: false };
  const pruneLockfile = Object.entries(project.targets).find(
    ([, t]) => t.executor === '@nx/js:prune-lockfile',
  );
  // The prune targets read the project's own package.json (a TS-solution workspace).
  if (pruneLockfile && project.hasPackageJson) {
    const prune = Object.entries(project.targets).find(([, t]) =>
      (t.dependsOn ?? []).includes(pruneLockfile[0]),
    );
    const workspaceModules = Object.values(project.targets).some(
      (t) => t.executor === '@nx/js:copy-workspace-modules',
    );
    return { kind: 'prune-target', target: prune?.[0] ?? pruneLockfile[0], workspaceModules };
  }
  if (
    matches(GENERATES_PACKAGE_JSON, build?.executor) &&
    build?.options?.generatePackageJson !== false
  )
    return { kind: 'build-output', setGeneratePackageJson: true };
  return { kind: 'workspace' };
}

/**
 * The file `node` starts in the output: what esbuild, webpack and rspack write (main.js
 * unless outputFileName says otherwise), else `.` (the `main` of the package.json there).
 */
export function nodeEntry(project: ProjectInfo, buildTarget: string): string {
  const build = project.targets[buildTarget];
  const name = build?.options?.outputFileName;
  if (typeof name === 'string' && name) return name;
  if (/^@nx\/(esbuild|webpack|rspack|node):/.test(build?.executor ?? '')) return 'main.js';
  return '.';
}

/** A workspace-relative path as written in the generated files: forward slashes, no `./`, no trailing `/`. */
export function clean(path: string): string {
  return posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\/|\/+$/g, '');
}
