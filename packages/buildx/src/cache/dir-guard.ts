import dockerignore from '@balena/dockerignore';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UnsafeCacheDirError } from '../errors/cache-dir';
import { ignorePatterns } from '../context/files';
import { pathInContext } from '../context/sends-path';
import { localContextDir } from '../context/size-warning';
import { cacheIndexFile, cachePaths, LEGACY_SIBLINGS } from './local-layout';
import { CACHE_MARKER, hasCacheMarker } from './marker';

export { LEGACY_SIBLINGS };

export interface CacheDirSubject {
  /** Absolute path of the cache directory. */
  dir: string;
  /** The workspace (or, outside Nx, the working directory) the plugin must never touch. */
  workspaceRoot: string;
  /** The option that named the directory, for the message. Default `cacheDir`. */
  option?: string;
}

/**
 * Where `dir` lies against the workspace root (both real, absolute paths): the root
 * itself, an ancestor of it (removing it removes the workspace), or elsewhere.
 */
export function workspaceRelation(dir: string, root: string): 'workspace' | 'ancestor' | undefined {
  const rel = relative(dir, root);
  if (rel === '') return 'workspace';
  if (!rel.startsWith('..') && !isAbsolute(rel)) return 'ancestor';
  return undefined;
}

/**
 * Why the plugin may not use or remove `dir`, or undefined when it may: the workspace
 * root or an ancestor of it, a file, a non-empty directory without the plugin's marker,
 * or a `DIR.old`/`DIR.next` beside it that the plugin did not make. Touches nothing.
 */
export async function cacheDirProblem(
  s: CacheDirSubject,
): Promise<UnsafeCacheDirError | undefined> {
  const option = s.option ?? 'cacheDir';
  const root = await realOrResolved(s.workspaceRoot);
  const dir = await realOrResolved(s.dir);
  const shown = shownPath(s.dir, s.workspaceRoot);
  const where = shown === s.dir ? '' : `(${s.dir}) `;
  const fail = (reason: UnsafeCacheDirError['reason'], detail: string, fix: string) =>
    new UnsafeCacheDirError(option, shown, reason, where + detail, fix);
  const ownDir =
    `Point ${option} at a new or empty directory of its own outside your sources, ` +
    `or remove ${option} to use the default per-user cache.`;

  const relation = workspaceRelation(dir, root);
  if (relation === 'workspace')
    return fail(
      'workspace',
      `is the workspace root: the plugin replaces and deletes its cache directory, which would delete the workspace.`,
      ownDir,
    );
  if (relation === 'ancestor')
    return fail(
      'ancestor',
      `contains the workspace ${root}: the plugin replaces and deletes its cache directory, which would delete the workspace.`,
      ownDir,
    );

  const st = await lstat(s.dir).catch(() => undefined);
  if (st && !st.isDirectory())
    return fail(
      'not-a-directory',
      `is ${st.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a directory the plugin created.`,
      ownDir,
    );
  if (st && !(await hasCacheMarker(s.dir)) && (await readdir(s.dir)).length > 0)
    return fail(
      'not-ours',
      `is not empty and was not created by nx-buildx (it has no ${CACHE_MARKER} marker): using it as a cache would replace and delete its files.`,
      `${ownDir} If it is a cache of an older nx-buildx, delete it yourself and build again.`,
    );

  for (const suffix of LEGACY_SIBLINGS) {
    const sibling = `${s.dir}${suffix}`;
    const sst = await lstat(sibling).catch(() => undefined);
    if (sst && !(sst.isDirectory() && (await hasCacheMarker(sibling))))
      return fail(
        'sibling-not-ours',
        `has a ${basename(sibling)} beside it (${sibling}) that nx-buildx did not create; the plugin uses that name for its own files and would delete it.`,
        `Move or rename ${sibling}, or ${ownDir.charAt(0).toLowerCase()}${ownDir.slice(1)}`,
      );
  }
  return undefined;
}

/** {@link cacheDirProblem}, thrown. */
export async function assertCacheDirUsable(s: CacheDirSubject): Promise<void> {
  const problem = await cacheDirProblem(s);
  if (problem) throw problem;
}

export interface CacheInContextSubject extends CacheDirSubject {
  /** The build context as given (relative to `cwd`); URLs and `-` are not local. */
  context: string;
  /** The Dockerfile, relative to `cwd` or absolute: its `<name>.dockerignore` wins. */
  dockerfile?: string;
  cwd: string;
}

/**
 * Paths of the plugin's own files for a cache `rel` (relative to the context) that a
 * .dockerignore with `patterns` would still send. Pure: tests paths, walks nothing.
 */
export function exposedInContext(rel: string, patterns: readonly string[]): string[] {
  const ig = dockerignore({ ignorecase: false }).add([...patterns]);
  const ignored = (p: string) => {
    try {
      return ig.ignores(p) || ig.ignores(cacheIndexFile(p));
    } catch {
      return false; // an unusable pattern is reported by the build itself
    }
  };
  return cachePaths(rel).filter((p) => !ignored(p));
}

/**
 * Why an explicit cache directory may not live where it is: inside the build context and
 * not excluded by the .dockerignore that applies, the cache would be sent with every
 * build (and `COPY . .` would never hit the cache).
 */
export async function cacheInContextProblem(
  s: CacheInContextSubject,
): Promise<UnsafeCacheDirError | undefined> {
  const contextDir = localContextDir(s.context, s.cwd);
  if (!contextDir) return undefined;
  const posix = pathInContext(contextDir, resolve(s.cwd, s.dir));
  if (posix === undefined) return undefined;
  const dockerfile = s.dockerfile ? resolve(s.cwd, s.dockerfile) : undefined;
  const exposed = exposedInContext(posix, await ignorePatterns(contextDir, dockerfile));
  if (exposed.length === 0) return undefined;
  const option = s.option ?? 'cacheDir';
  const ignoreFile = dockerfile
    ? `${basename(dockerfile)}.dockerignore or .dockerignore`
    : '.dockerignore';
  return new UnsafeCacheDirError(
    option,
    shownPath(s.dir, s.workspaceRoot),
    'in-context',
    `is inside the build context "${s.context}" and not excluded by its .dockerignore: the cache (${exposed.join(', ')}) would be sent with every build, land in the image with COPY . ., and keep those steps from ever being cached.`,
    `Add "${posix}*" to ${relativeTo(s.cwd, join(contextDir, '.dockerignore'), ignoreFile)}, or move ${option} outside the context (or remove ${option} to use the default per-user cache).`,
  );
}

function relativeTo(cwd: string, path: string, fallback: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : fallback;
}

/** `dir` relative to the workspace when inside it (as options are written), else absolute. */
function shownPath(dir: string, root: string): string {
  const rel = relative(root, dir);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? dir : rel.split(sep).join('/');
}

/** The real path of `p`, resolving links of the part that exists (the rest may not yet). */
async function realOrResolved(p: string): Promise<string> {
  const abs = resolve(p);
  const real = await realpath(abs).catch(() => undefined);
  if (real) return real;
  const parent = dirname(abs);
  return parent === abs ? abs : join(await realOrResolved(parent), basename(abs));
}
