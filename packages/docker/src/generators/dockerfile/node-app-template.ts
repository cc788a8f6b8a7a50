import { copyLine } from './copy-line';
import type { Manifest } from './project-kind';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

export interface NodeAppInput {
  project: string;
  buildTarget: string;
  /** Workspace-relative directory of the build output. */
  outputPath: string;
  baseImage: string;
  port?: number;
  /** What `node` starts, relative to the output (`main.js`, or `.` for package.json main). */
  entry: string;
  manifest: Manifest;
  packageManager: PackageManager;
}

const LOCKFILES: Record<PackageManager, string> = {
  npm: 'package-lock.json',
  pnpm: 'pnpm-lock.yaml',
  yarn: 'yarn.lock',
};

// Production dependencies only, exactly as locked; the cache mount keeps downloads between
// builds without putting them in a layer.
const INSTALL: Record<PackageManager, { cache: string; run: string }> = {
  npm: { cache: '/root/.npm', run: 'npm ci --omit=dev --no-audit --no-fund' },
  pnpm: {
    cache: '/root/.local/share/pnpm/store',
    run: 'corepack enable && pnpm install --frozen-lockfile --prod',
  },
  yarn: {
    cache: '/usr/local/share/.cache/yarn',
    run: 'corepack enable && yarn install --frozen-lockfile --production',
  },
};

/** The manifest files the deps stage copies, and what writes them. */
function manifestCopy(input: NodeAppInput): { lines: string[]; from: string } {
  const lockfile = LOCKFILES[input.packageManager];
  const out = input.outputPath;
  switch (input.manifest.kind) {
    case 'build-output':
      return {
        lines: [copyLine([`${out}/package.json`, `${out}/${lockfile}`], './')],
        from: `the package.json and ${lockfile} that \`nx run ${input.project}:${input.buildTarget}\` writes with generatePackageJson (only what the app imports)`,
      };
    case 'prune-target':
      return {
        lines: [
          copyLine([`${out}/package.json`, `${out}/${lockfile}`], './'),
          ...(input.manifest.workspaceModules
            ? [copyLine([`${out}/workspace_modules`], './workspace_modules')]
            : []),
        ],
        from: `the pruned package.json and ${lockfile} that \`nx run ${input.project}:${input.manifest.target}\` writes (only what the app needs)`,
      };
    case 'workspace':
      return {
        lines: [`COPY package.json ${lockfile} ./`],
        from: `the workspace's package.json and ${lockfile}: ALL its dependencies (the build target writes no pruned package.json; set generatePackageJson on it to install only what the app needs)`,
      };
  }
}

/** A Dockerfile for an Nx-built Node app: a cached dependency stage and a non-root runtime. */
export function nodeAppDockerfile(input: NodeAppInput): string {
  const { lines: copyManifest, from } = manifestCopy(input);
  const install = INSTALL[input.packageManager];
  const port = input.port;
  const cmd = JSON.stringify(['node', input.entry]);
  return [
    `# Image of the Nx project "${input.project}" (template node-app, from @nx-buildx/docker:dockerfile).`,
    `# The build context is the workspace root; docker-build runs \`nx run ${input.project}:${input.buildTarget}\` first`,
    `# and the image copies its output, ${input.outputPath}. Build it with: npx nx run ${input.project}:docker-build`,
    '',
    '# Dependencies: installed from',
    ...wrap(from, '# '),
    "# This layer is rebuilt only when they change, not when the app's code does.",
    `FROM ${input.baseImage} AS deps`,
    'WORKDIR /app',
    ...copyManifest,
    '# mkdir: an app without dependencies still has the node_modules the runtime copies.',
    `RUN --mount=type=cache,target=${install.cache},sharing=locked \\`,
    `    ${install.run} && mkdir -p node_modules`,
    '',
    '# Runtime: the built app and its production dependencies, run as the unprivileged node',
    '# user. The files stay owned by root, so the app cannot change its own code.',
    `FROM ${input.baseImage} AS runtime`,
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    'COPY --from=deps /app/node_modules ./node_modules',
    copyLine([input.outputPath], './'),
    ...(port
      ? [
          '# Listen on all interfaces inside the container, on PORT.',
          `ENV HOST=0.0.0.0 PORT=${port}`,
          `EXPOSE ${port}`,
          '# node itself probes the port: slim images have no curl or wget.',
          'HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\',
          `  CMD ["node", "-e", "require('http').get('http://127.0.0.1:${port}/', (r) => process.exit(r.statusCode < 500 ? 0 : 1)).on('error', () => process.exit(1))"]`,
        ]
      : []),
    'USER node',
    `CMD ${cmd}`,
    '',
  ].join('\n');
}

/** Splits a long comment into lines of at most ~90 characters. */
export function wrap(text: string, prefix: string, width = 92): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix + line);
  return lines;
}
