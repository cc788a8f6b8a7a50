import { z } from 'zod';

const text = z.string().trim().min(1);

// The one declaration of docker-run's options; schema.json is generated from it.
export const dockerRunSchema = z
  .strictObject({
    buildTarget: text
      .default('docker-build')
      .describe(
        "The project's target that builds the image (an @nx-buildx/docker:docker-build target): its options name and build the image that runs.",
      ),
    build: z
      .boolean()
      .default(true)
      .describe(
        "Build the image (or the stage) with the build target's options before running it, so what runs is the current source; the engine's build cache makes an unchanged build quick, and no cache is exported. false: run the image already in the engine.",
      ),
    stage: text
      .optional()
      .describe(
        'Build only up to this stage of the Dockerfile (FROM … AS <stage>, buildx --target) and run that, tagged <image>:nx-stage-<stage>: the debugging recipe, with shell.',
      ),
    shell: z
      .union([z.boolean(), text])
      .default(false)
      .describe(
        "Open an interactive shell in the container instead of its command: true for sh, or the shell's path (e.g. /bin/bash). Meant for --stage <name> --shell.",
      ),
    command: z
      .array(text)
      .optional()
      .describe("Command and arguments to run instead of the image's CMD."),
    ports: z.array(text).default([]).describe('Published ports (-p), e.g. 127.0.0.1:8080:80.'),
    env: z
      .record(text, z.string())
      .default({})
      .describe(
        'Environment variables of the container. Values reach docker through its environment (--env NAME), never on its command line.',
      ),
    envFile: z
      .union([text, z.array(text)])
      .optional()
      .describe('Env file(s) (--env-file), relative to the workspace root.'),
    network: text.optional().describe('Network to attach the container to (--network), e.g. host.'),
    volumes: z
      .array(text)
      .default([])
      .describe(
        'Volumes and bind mounts (-v), e.g. ./data:/data:ro (relative to the workspace root).',
      ),
    rm: z
      .boolean()
      .default(true)
      .describe('Remove the container when it exits or is stopped (--rm).'),
    detach: z
      .boolean()
      .default(false)
      .describe(
        'Start the container in the background and return its name; stop it with docker stop <name>. Default: attached, until it exits or Ctrl-C stops it.',
      ),
    name: text.optional().describe('Container name. Default: nx-<project>-<random>.'),
    init: z
      .boolean()
      .default(true)
      .describe(
        "Run docker-init as the container's PID 1 (--init), which passes Ctrl-C (SIGINT) and SIGTERM on to the command; a plain PID 1 ignores them.",
      ),
    stopTimeout: z
      .int()
      .min(0)
      .default(10)
      .describe(
        'Seconds the container gets to exit after Ctrl-C or SIGTERM (docker stop sends SIGTERM, then SIGKILL).',
      ),
  })
  .meta({
    title: 'docker-run',
    description:
      "Runs the project's image (built first from the build target's options): ports, env, env files, network, volumes, --rm, attached with Ctrl-C forwarded or detached; --stage <name> --shell opens a shell in a stage of the Dockerfile.",
  });

export type DockerRunOptions = z.output<typeof dockerRunSchema>;
