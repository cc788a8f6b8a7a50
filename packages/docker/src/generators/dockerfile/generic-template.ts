import { copyLine } from './copy-line';
export interface GenericInput {
  project: string;
  buildTarget: string;
  /** Workspace-relative directory of the build output. */
  outputPath: string;
  baseImage: string;
  port?: number;
}

/** A documented multi-stage skeleton for projects that are neither a Node app nor static files. */
export function genericDockerfile(input: GenericInput): string {
  const port = input.port;
  return [
    `# Image of the Nx project "${input.project}" (template generic, from @nx-buildx/docker:dockerfile).`,
    '# A skeleton to fill in. The build context is the workspace root; docker-build runs',
    `# \`nx run ${input.project}:${input.buildTarget}\` first, so the image can copy its output, ${input.outputPath}.`,
    `# Build it with: npx nx run ${input.project}:docker-build`,
    '#',
    '# How to keep it fast and small:',
    '# - COPY only what a step needs, least changing first (dependency manifests before',
    '#   sources): a step is rebuilt when what it copies changes, and every step after it.',
    '# - Keep tools and caches in the build stage; copy only the result into the runtime.',
    '# - Use RUN --mount=type=cache for package manager caches (not stored in the image).',
    '',
    '# Build stage: tools that produce the runtime files. Nx has already built the project;',
    '# add what the image itself must prepare (e.g. install system packages, fetch assets).',
    `FROM ${input.baseImage} AS build`,
    'WORKDIR /src',
    copyLine([input.outputPath], './out'),
    '# RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends <tools>',
    '',
    '# Runtime stage: only what runs, as an unprivileged user.',
    `FROM ${input.baseImage} AS runtime`,
    'WORKDIR /app',
    'COPY --from=build /src/out ./',
    ...(port ? [`EXPOSE ${port}`] : []),
    '# nobody:nogroup exists in Debian, Alpine and busybox images.',
    'USER 65534:65534',
    '# Replace with the command that starts the program.',
    `CMD ["sh", "-c", "echo 'Set CMD in this Dockerfile to start ${input.project}' >&2; ls -la /app; exit 1"]`,
    '',
  ].join('\n');
}
