import { copyLine } from './copy-line';
export interface StaticInput {
  project: string;
  buildTarget: string;
  /** Workspace-relative directory of the built files (where index.html is). */
  outputPath: string;
  baseImage: string;
  port: number;
  /** Workspace-relative path of the nginx server config written beside the Dockerfile. */
  nginxConf: string;
}

/**
 * A Dockerfile that serves built static files with an unprivileged nginx (uid 101, as in
 * nginxinc/nginx-unprivileged): no build stage, Nx has built the files already.
 */
export function staticDockerfile(input: StaticInput): string {
  return [
    `# Image of the Nx project "${input.project}" (template static, from @nx-buildx/docker:dockerfile).`,
    `# The build context is the workspace root; docker-build runs \`nx run ${input.project}:${input.buildTarget}\` first`,
    `# and the image serves its output, ${input.outputPath}. Build it with: npx nx run ${input.project}:docker-build`,
    '',
    '# An unprivileged nginx: it runs as uid 101 and listens above 1024.',
    `FROM ${input.baseImage}`,
    '# Serves index.html for paths that are not files (client-side routes).',
    copyLine([input.nginxConf], '/etc/nginx/conf.d/default.conf'),
    copyLine([input.outputPath], '/usr/share/nginx/html'),
    'USER 101',
    `EXPOSE ${input.port}`,
    '# wget comes with the alpine (busybox) nginx images.',
    'HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \\',
    `  CMD wget -q --spider http://127.0.0.1:${input.port}/ || exit 1`,
    '',
  ].join('\n');
}

/** nginx's server block: the SPA fallback, and no caching of index.html itself. */
export function nginxConf(port: number): string {
  return [
    '# Written by @nx-buildx/docker:dockerfile (template static); the image copies it to',
    '# /etc/nginx/conf.d/default.conf.',
    'server {',
    `  listen ${port};`,
    '  server_name _;',
    '  root /usr/share/nginx/html;',
    '  index index.html;',
    '',
    '  # A path that is no file is a client-side route: the app (index.html) handles it.',
    '  location / {',
    '    try_files $uri $uri/ /index.html;',
    '  }',
    '',
    '  # index.html names the hashed bundles of each release: browsers must ask for it again.',
    '  location = /index.html {',
    '    add_header Cache-Control "no-cache";',
    '  }',
    '}',
    '',
  ].join('\n');
}
