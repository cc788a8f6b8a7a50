import { posix } from 'node:path';

/** Root files a build of a JavaScript workspace can need: manifests, lockfiles, TS config. */
export const ROOT_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  '.yarnrc.yml',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'bun.lock',
  'bun.lockb',
  'tsconfig.base.json',
  'tsconfig.json',
];

/** Never in a context: history, installs, secrets, Nx's and tools' caches, logs. */
export const NEVER_SENT = [
  '.git',
  '**/node_modules',
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.nx',
  '**/*.log',
  // the plugin's own build metadata (dist/docker/<projectRoot>/metadata.json)
  'dist/docker',
];

export interface DockerignoreInput {
  mode: 'graph' | 'simple';
  /** The command that regenerates the file, for its header. */
  command: string;
  /** Workspace-relative context directory, `''` for the workspace root. */
  context: string;
  project: { name: string; root: string };
  /** Roots of the projects the project depends on, transitively (not itself). */
  dependencyRoots: string[];
  /** Workspace-relative directories of the project's build output. */
  outputs: string[];
  /** Build output directories of every other project (excluded in both modes). */
  otherOutputs: string[];
  /** Root files that exist (a subset of {@link ROOT_FILES}). */
  rootFiles: string[];
  /** The plugin's local cache directories inside the workspace, workspace-relative. */
  cacheDirs: string[];
}

/**
 * The text of the .dockerignore. Patterns are relative to the context; paths outside it
 * are left out (Docker cannot send them). Docker applies the last matching line, so the
 * never-sent list comes after the re-includes and wins over them.
 */
export function dockerignoreText(i: DockerignoreInput): string {
  const rel = (p: string): string | undefined => {
    const r = posix.relative(i.context || '.', p || '.');
    return r.startsWith('..') ? undefined : r;
  };
  const paths = (list: string[]) =>
    [...new Set(list.map(rel).filter((p): p is string => p !== undefined))].sort();
  const own = paths(i.outputs);
  const others = paths(i.otherOutputs).filter(
    (o) => !own.some((m) => m === o || m.startsWith(`${o}/`) || o.startsWith(`${m}/`)),
  );
  const under = (p: string, dirs: string[]) =>
    dirs.some((d) => d === '' || p === d || p.startsWith(`${d}/`));
  // node_modules (and the legacy cache in it) is never sent anyway
  const caches = paths(i.cacheDirs).filter((c) => !c.split('/').includes('node_modules'));
  // `**/x` and `.git` hold in any context; workspace paths are made context-relative
  const never = [
    ...NEVER_SENT.map((p) => (p.startsWith('**') || p === '.git' ? p : rel(p))),
    ...caches,
  ].filter((p): p is string => !!p);
  const header = [
    `# Written by: ${i.command}`,
    `# (@nx-buildx/docker, mode ${i.mode}). Run it again when the project's dependencies change;`,
    '# it rewrites this file.',
  ];
  const section = (title: string, lines: string[]) =>
    lines.length ? ['', `# ${title}`, ...lines] : [];

  if (i.mode === 'simple') {
    return lines([
      ...header,
      ...section('never sent', never),
      ...section('scratch and test output', ['**/tmp', '**/coverage', '**/.cache']),
      // dist/docker (never sent) stays out: it is not under the re-included output
      ...section("other projects' build output", [
        'dist',
        ...others.filter((o) => !under(o, ['dist'])),
      ]),
      ...section(
        `${i.project.name}'s build output`,
        own.map((o) => `!${o}`),
      ),
    ]);
  }

  const projects = paths([i.project.root, ...i.dependencyRoots]);
  // The whole context is needed (the context is the project itself): nothing to re-include.
  const everything = projects.includes('');
  const needed = everything
    ? []
    : [
        ...section(
          `${i.project.name} and the projects it depends on`,
          projects.map((p) => `!${p}`),
        ),
        ...section(
          'root config and lockfile',
          paths(i.rootFiles).map((p) => `!${p}`),
        ),
        ...section(
          `${i.project.name}'s build output`,
          own.map((o) => `!${o}`),
        ),
      ];
  return lines([
    ...header,
    ...(everything
      ? []
      : ['', '# everything is excluded, then what the image can need is re-included', '*']),
    ...needed,
    ...section('never sent', never),
    // only those a re-included directory holds; `*` keeps the rest out
    ...section(
      "other projects' build output",
      others.filter((o) => under(o, projects)),
    ),
  ]);
}

const lines = (l: string[]) => `${l.join('\n')}\n`;
