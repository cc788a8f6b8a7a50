import type { RunResult } from '@nx-buildx/buildx';
import { execaRunner } from '@nx-buildx/buildx';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NX_ENV, workspace } from './workspace';

/**
 * A workspace of its own (its own git history, nx.json and .nx folder) that shares the
 * installed packages of the e2e workspace through a node_modules link: a second CI
 * agent, or a repository `nx release` may commit and tag in, for seconds of setup.
 */
export interface OwnWorkspace {
  root: string;
  write(files: Record<string, string>): Promise<void>;
  nx(
    args: string[],
    env?: Record<string, string | undefined>,
  ): Promise<RunResult & { output: string }>;
  nxOk(
    args: string[],
    env?: Record<string, string | undefined>,
  ): Promise<RunResult & { output: string }>;
  git(...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

export async function ownWorkspace(
  nxJson: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<OwnWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'nx-buildx-own-'));
  await symlink(join(workspace(), 'node_modules'), join(root, 'node_modules'));
  const write = async (more: Record<string, string>) => {
    for (const [path, content] of Object.entries(more)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
  };
  await write({
    'package.json': JSON.stringify({ name: 'own-workspace', private: true }),
    // analytics: false — Nx would ask on a terminal (the tmux-driven tests have one).
    'nx.json': JSON.stringify({ analytics: false, ...nxJson }, null, 2),
    '.gitignore': 'node_modules\ndist\n.nx\n',
    ...files,
  });
  const git = async (...args: string[]) => {
    const r = await execaRunner.run(
      'git',
      ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args],
      { cwd: root },
    );
    if (r.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'init');
  const nx = async (args: string[], env: Record<string, string | undefined> = {}) => {
    // `nx release` takes no --output-style (it streams its tasks' output anyway).
    const style = args[0] === 'release' ? [] : ['--output-style=stream'];
    const r = await execaRunner.run('npx', ['nx', ...args, ...style], {
      cwd: root,
      env: {
        ...NX_ENV,
        // nx release commits and tags as this author.
        GIT_AUTHOR_NAME: 'e2e',
        GIT_AUTHOR_EMAIL: 'e2e@localhost',
        GIT_COMMITTER_NAME: 'e2e',
        GIT_COMMITTER_EMAIL: 'e2e@localhost',
        ...env,
      },
    });
    return { ...r, output: `${r.stdout}\n${r.stderr}` };
  };
  return {
    root,
    write,
    nx,
    nxOk: async (args, env) => {
      const r = await nx(args, env);
      if (r.exitCode !== 0)
        throw new Error(`nx ${args.join(' ')} exited ${r.exitCode}:\n${r.output.slice(-4000)}`);
      return r;
    },
    git,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
