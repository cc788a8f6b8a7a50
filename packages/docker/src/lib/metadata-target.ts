import { contextSendsPath, ignoreFileInForce, InvalidOptionError } from '@nx-buildx/buildx';
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, readFile, realpath, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { hasGlob } from '../image/paths';
import { contextSources } from '../image/reads';
import type { BuildPlan } from '../image/build-plan';
import { dockerfileCopies } from '../image/dockerfile-copies';

type BuildArgs = Readonly<Record<string, string | number | boolean>>;
import { REPORT_WRITER } from '../image/report';

/** Kernel file systems: writes there hang or mean something else, never a report. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];
/** Our reports are a few hundred bytes; anything larger is not one. */
const MAX_REPORT_BYTES = 1 << 20;
/** Keys every report this plugin has written carries (before `writtenBy` existed too). */
const REPORT_KEYS = ['project', 'image', 'tags', 'steps', 'cacheStrategy', 'builtAt'];

/**
 * Checks, before anything is built, that the build report can be written to `path`
 * without destroying anything or hanging: not a directory, not someone else's file
 * (only reports this plugin wrote are replaced), not under /proc, /sys or /dev, and in
 * a place where a file can be created (a temporary file is created and removed beside
 * it). Throws an {@link InvalidOptionError} naming `metadataFile`.
 */
export async function checkMetadataTarget(
  path: string,
  o: { suggestion: string; subject: string },
): Promise<void> {
  const fail = (message: string): never => {
    throw new InvalidOptionError([{ path: 'metadataFile', message }], o.subject);
  };
  const instead = `Point metadataFile at a new file in the workspace (e.g. "${o.suggestion}")`;

  const { existing, missing } = await nearestExisting(path);
  const real = await realpath(existing).catch(() => existing);
  const special = SPECIAL_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  if (special)
    fail(`"${path}" is under ${special}, where no file can be written safely. ${instead}.`);

  const found = await stat(existing).catch(() => undefined);
  if (!found) return fail(`"${existing}" is a broken symbolic link. ${instead}.`);
  if (missing.length === 0) {
    if (found.isDirectory())
      fail(
        `"${path}" is a directory; it must name a file. ${instead}, or use "${join(path, 'metadata.json')}".`,
      );
    if (!found.isFile()) fail(`"${path}" is not a regular file. ${instead}.`);
    if (!(await isOurReport(path, found)))
      fail(
        `"${path}" already exists and is not a build report of ${REPORT_WRITER}, so it was left as it is. ` +
          `${instead}, or move that file away.`,
      );
  } else if (!found.isDirectory()) {
    fail(`"${existing}" is a file, so "${path}" cannot be created under it. ${instead}.`);
  }

  const dir = missing.length === 0 ? dirname(path) : existing;
  const problem = await cannotCreateIn(dir, basename(path));
  if (problem) fail(`cannot create a file in "${dir}" (${problem}). ${instead}.`);
}

/** The deepest ancestor of `path` (or `path` itself) that exists, and the parts below it. */
async function nearestExisting(path: string): Promise<{ existing: string; missing: string[] }> {
  const missing: string[] = [];
  let current = path;
  while (!(await lstat(current).catch(() => undefined))) {
    const parent = dirname(current);
    if (parent === current) break;
    missing.unshift(relative(parent, current));
    current = parent;
  }
  return { existing: current, missing };
}

async function isOurReport(path: string, s: Stats): Promise<boolean> {
  if (s.size > MAX_REPORT_BYTES) return false;
  try {
    const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    return json.writtenBy === REPORT_WRITER || REPORT_KEYS.every((k) => k in json);
  } catch {
    return false;
  }
}

/** Creates and removes a temporary file in `dir`: the one reliable test (root ignores modes). */
async function cannotCreateIn(dir: string, name: string): Promise<string | undefined> {
  const probe = join(dir, `.${name}.${process.pid}.probe.tmp`);
  try {
    const handle = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
    await handle.close();
    await unlink(probe);
    return undefined;
  } catch (err) {
    await unlink(probe).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    return e.code === 'EROFS'
      ? 'read-only file system'
      : e.code === 'EACCES'
        ? 'permission denied'
        : (e.code ?? e.message);
  }
}

/** Contexts that are not local directories: git/http URLs and stdin. */
const REMOTE_CONTEXT = /^(https?:\/\/|git@|git:\/\/|github\.com\/|-$)/;

/**
 * A warning when the report lies in the build context, its .dockerignore does not
 * exclude it and a COPY/ADD of the Dockerfile reaches it: every build rewrites the
 * report, so that step (`COPY . .`, `COPY dist ./dist`) would never hit the cache.
 */
export async function reportInContextWarning(
  path: string,
  o: { cwd: string; context: string; file?: string; buildArgs?: BuildArgs },
): Promise<string | undefined> {
  if (REMOTE_CONTEXT.test(o.context)) return undefined;
  const context = resolve(o.cwd, o.context);
  const dockerfile = o.file ? resolve(o.cwd, o.file) : undefined;
  if (!(await contextSendsPath(context, path, dockerfile))) return undefined;
  const rel = relative(context, path);
  if (!copiesReach(dockerfile ?? join(context, 'Dockerfile'), rel, o.buildArgs)) return undefined;
  const folder = rel.split('/')[0] === 'dist' ? 'dist/docker' : dirname(rel);
  const inForce = await ignoreFileInForce(context, dockerfile);
  const ignoreFile = inForce ? relative(o.cwd, inForce.file) : join(o.context, '.dockerignore');
  return (
    `metadataFile "${rel}" lies inside the build context "${o.context}" and its .dockerignore does not exclude it: ` +
    `each build rewrites it, so a COPY of the context is never cached. ` +
    `Add "${folder}" to ${ignoreFile}, or set metadataFile outside the context.`
  );
}

/**
 * Whether a COPY/ADD from the context may copy the context-relative `rel`; yes when the
 * Dockerfile cannot be read or parsed (the build will say why), or a source is a glob.
 */
function copiesReach(dockerfile: string, rel: string, buildArgs?: BuildArgs): boolean {
  const copies = dockerfileCopies(dockerfile, buildArgs);
  if (!copies) return true;
  return contextSources({ copies }, '').some(
    (s) => s === '' || rel === s || rel.startsWith(`${s}/`) || hasGlob(s),
  );
}

/** Both checks for an executor's report, before it builds: refuse a bad path, warn once. */
export async function prepareReport(
  plan: BuildPlan,
  project: { name: string; root: string },
  warn: (message: string) => void,
): Promise<void> {
  await checkMetadataTarget(plan.metadataFile, {
    suggestion: join('dist/docker', project.root, 'metadata.json'),
    subject: `options for ${project.name}`,
  });
  const warning = await reportInContextWarning(plan.metadataFile, {
    cwd: plan.cwd,
    context: plan.input.build.context,
    file: plan.input.build.file,
    buildArgs: plan.input.build.buildArgs,
  });
  if (warning) warn(warning);
}
