// @nx-buildx/docker. Nx loads this module as the graph plugin on every command
// (`{ "plugin": "@nx-buildx/docker" }` in nx.json), so it stays light: the graph code is
// small, and the executors (with all of @nx-buildx/buildx) load only when called.
// Nx itself loads the executors through executors.json.
import type { ExecutorContext } from '@nx/devkit';
import type { CreateDependencies } from '@nx/devkit';
import { bakeDependencies } from './graph/bake-dependencies';
import { createDockerDependencies } from './graph/create-dependencies';
import { dockerCreateNodes } from './graph/create-nodes';

/**
 * Inferred docker-build and docker-fresh targets for every project with a Dockerfile.
 * Nx 23 and 24 read `createNodes ?? createNodesV2`, Nx 22 `createNodesV2 ?? createNodes`
 * (loaded-nx-plugin.js, 24.0.6 and 22.7.12), both with the files-array shape: `createNodes`
 * alone serves all three, and `createNodesV2`, deprecated in 24, is not exported.
 */
export const createNodes = dockerCreateNodes;
/**
 * Edges to the projects whose images a Dockerfile uses (FROM, COPY --from), and from a
 * fromGraph bake to the projects it bakes.
 */
export const createDependencies: CreateDependencies<unknown> = async (options, context) => [
  ...(await createDockerDependencies(options, context)),
  ...bakeDependencies(context),
];
export type { PluginOptions as DockerPluginOptions } from './graph/plugin-options';

type Executor = (options: unknown, context: ExecutorContext) => Promise<{ success: boolean }>;
const lazy =
  (load: () => { default: Executor }): Executor =>
  (options, context) =>
    load().default(options, context);

// For programmatic use (custom executors, scripts).
/* eslint-disable @typescript-eslint/no-require-imports */
export const dockerBuildExecutor = lazy(() => require('./executors/docker-build/executor'));
export const dockerFreshBuildExecutor = lazy(() =>
  require('./executors/docker-fresh-build/executor'),
);
export const dockerPruneExecutor = lazy(() => require('./executors/docker-prune/executor'));
export const dockerBakeExecutor = lazy(() => require('./executors/docker-bake/executor'));
export const dockerRunExecutor = lazy(() => require('./executors/docker-run/executor'));
export const releasePublishExecutor = lazy(() => require('./executors/release-publish/executor'));
/* eslint-enable @typescript-eslint/no-require-imports */
export type { DockerBuildOptions } from './image/options';
export type { DockerFreshBuildOptions } from './executors/docker-fresh-build/options';
export type { DockerPruneOptions } from './executors/docker-prune/options';
export type { DockerBakeOptions } from './executors/docker-bake/options';
export type { DockerRunOptions } from './executors/docker-run/options';
export type { ReleasePublishOptions } from './executors/release-publish/options';
export type { BuildReport } from './image/report';
