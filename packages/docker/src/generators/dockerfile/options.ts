import { z } from 'zod';

const text = z.string().trim().min(1);

/** The templates, in the order the generator considers them. */
export const DOCKERFILE_TEMPLATES = ['node-app', 'static', 'generic'] as const;
export type DockerfileTemplate = (typeof DOCKERFILE_TEMPLATES)[number];

/**
 * What this generator's option errors are headed with ("Invalid dockerfile generator
 * options"): its own wording, kept rather than the shared generatorOptions' subject.
 */
export const DOCKERFILE_OPTIONS = 'dockerfile generator options';

// The one declaration of the dockerfile generator's options; schema.json is generated from it.
export const dockerfileSchema = z
  .strictObject({
    project: text
      .describe('The project to write a Dockerfile for.')
      .meta({ $default: { $source: 'argv', index: 0 }, 'x-prompt': 'Which project?' }),
    template: z
      .enum(DOCKERFILE_TEMPLATES)
      .optional()
      .describe(
        "node-app (an Nx-built Node app: pruned dependencies, non-root, HEALTHCHECK when a port is given), static (built files served by an unprivileged nginx, SPA fallback to index.html) or generic (a documented multi-stage skeleton). Default: chosen from the project's build target, its executor and package.json.",
      ),
    baseImage: text
      .optional()
      .describe(
        'Base image. Default: node:20-slim (node-app), nginxinc/nginx-unprivileged:stable-alpine (static), debian:bookworm-slim (generic).',
      ),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .meta({ examples: [3000] })
      .describe(
        'Port the container listens on: EXPOSE, PORT and a HEALTHCHECK on it (node-app). static: default 8080 (an unprivileged server cannot bind below 1024).',
      ),
    buildTarget: text
      .default('build')
      .describe('The target that builds what the image copies; docker-build depends on it.'),
    outputPath: text
      .optional()
      .describe(
        "Directory the build writes, relative to the workspace root. Default: the build target's outputPath option, else its first output, else dist/<projectRoot>.",
      ),
    dockerfile: text
      .optional()
      .describe(
        'Path of the Dockerfile to write, relative to the workspace root. Default: <projectRoot>/Dockerfile.',
      ),
    force: z
      .boolean()
      .default(false)
      .describe('Replace an existing Dockerfile (and nginx.conf) with different content.'),
    skipFormat: z
      .boolean()
      .default(false)
      .describe('Do not format the project configuration the generator changes.'),
  })
  .meta({
    title: 'dockerfile',
    description:
      'Writes a Dockerfile for a project (the build context is the workspace root) that copies its Nx build output: node-app, static or generic, chosen from what the project is.',
  });
export type DockerfileOptions = z.output<typeof dockerfileSchema>;
