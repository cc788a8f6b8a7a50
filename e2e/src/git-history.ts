// Helpers of the suites that commit into the shared workspace and ask `nx affected`
// about their own commits (graph-affected, batch-affected, affected-proof).
import { execaRunner } from '@nx-buildx/buildx';
import { stripVTControlCharacters } from 'node:util';
import { workspace, writeFiles } from './workspace';

export const git = async (...args: string[]) => {
  const r = await execaRunner.run(
    'git',
    ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args],
    { cwd: workspace() },
  );
  if (r.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/** Commits only the suite's paths, so other suites' files never enter the comparison. */
export const commit = async (message: string, paths: string[]) => {
  await git('add', '--', ...paths);
  await git('commit', '-q', '-m', message, '--', ...paths);
  return git('rev-parse', 'HEAD');
};

/** Nx's output without colours. */
export const plain = (text: string) => stripVTControlCharacters(text);

/** `nx run` lines in the order Nx started the tasks, of projects whose name starts with `prefix`. */
export const tasksRunOf = (output: string, prefix: string) =>
  [...plain(output).matchAll(/> nx run (\S+)/g)]
    .map((m) => m[1] as string)
    .filter((t) => t.startsWith(prefix));

/** Writes and commits an edit of a suite's `paths`; returns `nx affected`'s `--base`/`--head`. */
export async function commitEdit(
  files: Record<string, string>,
  paths: string[],
  message: string,
): Promise<string[]> {
  const base = await git('rev-parse', 'HEAD');
  await writeFiles(files);
  return [`--base=${base}`, `--head=${await commit(message, paths)}`];
}

/** The bakes docker-build's batch implementation ran, each as its sorted bake targets. */
export const bakesOf = (output: string) =>
  [...plain(output).matchAll(/^docker-build: one bake of \d+ images? \(([^)]*)\)/gm)].map((m) =>
    (m[1] as string).split(', ').sort(),
  );
