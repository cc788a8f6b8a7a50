// @nx-buildx/docker: Nx loads the executors through executors.json; these exports are
// for programmatic use (custom executors, scripts) and their option types.
export { default as dockerBuildExecutor } from './executors/docker-build/executor';
export { default as dockerFreshBuildExecutor } from './executors/docker-fresh-build/executor';
export { default as dockerPruneExecutor } from './executors/docker-prune/executor';
export { default as dockerBakeExecutor } from './executors/docker-bake/executor';
export type { DockerBuildOptions } from './executors/docker-build/options';
export type { DockerFreshBuildOptions } from './executors/docker-fresh-build/options';
export type { DockerPruneOptions } from './executors/docker-prune/options';
export type { DockerBakeOptions } from './executors/docker-bake/options';
export type { BuildReport } from './lib/report';
