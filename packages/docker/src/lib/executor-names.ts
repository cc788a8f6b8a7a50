/** The executors' names as users write them in project.json (part of the product). */
export const DOCKER_BUILD = '@nx-buildx/docker:docker-build';
export const DOCKER_FRESH_BUILD = '@nx-buildx/docker:docker-fresh-build';
export const DOCKER_BAKE = '@nx-buildx/docker:docker-bake';
export const DOCKER_RUN = '@nx-buildx/docker:docker-run';
export const RELEASE_PUBLISH = '@nx-buildx/docker:release-publish';
