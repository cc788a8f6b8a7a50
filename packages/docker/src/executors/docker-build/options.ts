// docker-build's options are the image model's (image/options.ts); schema.json is
// generated from this module (tools/schema/generate.js reads executors/<name>/options).
export { dockerBuildObject, dockerBuildSchema } from '../../image/options';
export type { DockerBuildOptions } from '../../image/options';
