import { cleanPath, hasGlob } from '../image/paths';

/** A target as inference reads it from project.json or package.json `nx.targets`. */
export interface TargetFacts {
  executor?: string;
  outputs?: unknown;
  options?: Record<string, unknown>;
  configurations?: Record<string, Record<string, unknown>>;
}

/** What inference knows of the project that holds a Dockerfile. */
export interface ProjectFacts {
  name: string;
  /** Workspace-relative, POSIX, `.` for the workspace root. */
  root: string;
  targets: Record<string, TargetFacts>;
  /** Its package.json is one npm would publish (no `"private": true`). */
  npmPublishable?: boolean;
}

/**
 * The directory a target output names, workspace-relative: `{workspaceRoot}`,
 * `{projectRoot}`, `{projectName}` and `{options.x}` resolved, the part from the first glob
 * on dropped. Undefined when it cannot be told (an option without a value).
 */
export function resolveOutput(
  output: string,
  project: Pick<ProjectFacts, 'name' | 'root'>,
  options: Record<string, unknown> = {},
): string | undefined {
  let unresolved = false;
  const root = project.root === '.' ? '' : project.root;
  const text = output.replace(/\{([^}]+)\}/g, (whole, key: string) => {
    if (key === 'workspaceRoot') return '';
    if (key === 'projectRoot') return root;
    if (key === 'projectName') return project.name;
    if (key.startsWith('options.')) {
      const value = key
        .slice('options.'.length)
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], options);
      if (typeof value === 'string' && value) return value;
    }
    unresolved = true;
    return whole;
  });
  if (unresolved) return undefined;
  const segments = cleanPath(text).split('/');
  const firstGlob = segments.findIndex((s) => hasGlob(s));
  const dir = (firstGlob < 0 ? segments : segments.slice(0, firstGlob)).join('/');
  return dir || undefined; // an output that is the whole workspace tells nothing
}

/** True when one path contains the other: copying either copies (part of) the other. */
export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`) || a === '' || b === '';
}

/** Each own target that declares outputs → the directories it writes. */
export function ownOutputs(project: ProjectFacts): Array<{ target: string; dirs: string[] }> {
  return Object.entries(project.targets).flatMap(([target, t]) => {
    if (!Array.isArray(t.outputs)) return [];
    const dirs = t.outputs.flatMap((o) =>
      typeof o === 'string' ? (resolveOutput(o, project, t.options) ?? []) : [],
    );
    return dirs.length ? [{ target, dirs }] : [];
  });
}

/**
 * Which tasks write `source` (a workspace-relative COPY source): own targets whose
 * outputs overlap it, else — for build targets other plugins infer, whose outputs are
 * not in project.json — `build` when it is under `dist/<projectRoot>` or
 * `dist/<projectName>`, and `^build` when it is another part of `dist/`.
 */
export function producersOf(source: string, project: ProjectFacts): string[] {
  // The whole context holds every build output there is (unless .dockerignore says no).
  if (source === '') return ['build', '^build'];
  const own = ownOutputs(project)
    .filter((o) => o.dirs.some((d) => overlaps(source, d)))
    .map((o) => o.target);
  if (!overlaps(source, 'dist')) return own;
  const root = project.root === '.' ? '' : project.root;
  const mine = [`dist/${root}`, `dist/${project.name}`].map(cleanPath);
  const producers = new Set(own);
  if (!own.length && mine.some((m) => overlaps(source, m))) producers.add('build');
  if (!mine.some((m) => source === m || source.startsWith(`${m}/`))) producers.add('^build');
  return [...producers];
}

/** True when `source` holds only build output (no file Nx tracks): under dist/ or an output dir. */
export function onlyOutput(source: string, project: ProjectFacts): boolean {
  const inside = (dir: string) => source === dir || source.startsWith(`${dir}/`);
  return inside('dist') || ownOutputs(project).some((o) => o.dirs.some(inside));
}
