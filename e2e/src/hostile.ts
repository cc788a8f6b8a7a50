// Shared checks of the hostile-input suites (hostile-*.e2e.ts): a case fails with one
// clear message and leaves everything as it found it — files, temp files, processes.
import { execaRunner } from '@nx-buildx/buildx';
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { leftoverProcesses } from '../../packages/buildx/src/testing/processes';

/**
 * Every entry under `dir` (recursively, `node_modules` and `.git` contents included
 * only if asked) as relative path → what it is: a file's sha256, a link's target, or
 * `dir`. Two equal snapshots mean nothing under `dir` was added, removed or changed.
 */
export async function treeSnapshot(
  dir: string,
  o: { skip?: readonly string[] } = {},
): Promise<Record<string, string>> {
  const skip = new Set(o.skip ?? []);
  const out: Record<string, string> = {};
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true }).catch(() => [])) {
      const full = join(current, entry.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (skip.has(rel)) continue;
      if (entry.isSymbolicLink()) out[rel] = `link:${await readlink(full)}`;
      else if (entry.isDirectory()) {
        out[rel] = 'dir';
        await walk(full);
      } else if (entry.isFile())
        out[rel] = createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
    }
  };
  if ((await lstat(dir).catch(() => undefined))?.isDirectory()) await walk(dir);
  return out;
}

/** Leftover temporary files (`*.tmp`, `*.next`, `*.old`) under `dir`, as relative paths. */
export async function halfWrittenUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true }).catch(() => [])) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const full = join(current, entry.name);
      if (/\.(tmp|next|old)$/.test(entry.name)) found.push(relative(dir, full));
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(dir);
  return found.sort();
}

/** `docker buildx` processes still running whose command line mentions `marker`. */
export async function leftoverBuilds(marker: string): Promise<string[]> {
  return (await leftoverProcesses(marker, 10_000)).filter((l) => /docker|buildx/.test(l));
}

/** The ID of the local image `tag` names, '' when it names none. */
export async function imageIdOf(tag: string): Promise<string> {
  const r = await execaRunner.run('docker', ['image', 'inspect', '--format', '{{.Id}}', tag]);
  return r.stdout.trim();
}
