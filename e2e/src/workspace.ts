import { spawn } from 'node:child_process';
import type { RunResult } from '@nx-buildx/buildx';
import { execaRunner } from '@nx-buildx/buildx';
import { shellQuote } from '../../packages/buildx/src/redact/command';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The shared e2e workspace made by global-setup.js. */
export function workspace(): string {
  const ws = process.env.NX_BUILDX_E2E_WS;
  if (!ws)
    throw new Error(
      'NX_BUILDX_E2E_WS is not set: run the e2e tests through jest (global-setup.js makes the workspace)',
    );
  return ws;
}

/** Writes files into the workspace (paths relative to its root). */
export async function writeFiles(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const full = join(workspace(), path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

export async function readJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFile(join(workspace(), path), 'utf8')) as T;
}

export async function removePath(path: string): Promise<void> {
  await rm(join(workspace(), path), { recursive: true, force: true });
}

/** A project with a project.json whose targets use the plugin's executors. */
export async function addProject(
  root: string,
  targets: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<string> {
  const name = root.split('/').pop() as string;
  await writeFiles({
    [`${root}/project.json`]: JSON.stringify(
      { name, root, projectType: 'application', targets },
      null,
      2,
    ),
    ...Object.fromEntries(Object.entries(files).map(([p, c]) => [`${root}/${p}`, c])),
  });
  return name;
}

/** How the suites run Nx: no daemon, no cloud, no TUI, no Nx cache, on "CI". */
export const NX_ENV = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: 'true',
  CI: 'true',
};

/**
 * `npx nx …` started in the background in its own process group (signals can reach
 * the whole group, as a terminal's Ctrl-C does): its output as it comes, a wait for a
 * line, and its exit. With `terminal`, it runs as typed (no --output-style) in a
 * pseudo-terminal of its own (util-linux `script`), where `ctrlC()` types Ctrl-C as a user
 * does: the terminal signals its foreground process group, and Nx sees a TTY.
 */
export function spawnNx(
  args: string[],
  env: Record<string, string | undefined> = {},
  { terminal = false }: { terminal?: boolean } = {},
) {
  const command = ['npx', 'nx', ...args, ...(terminal ? [] : ['--output-style=stream'])];
  const [file, argv]: [string, string[]] = terminal
    ? ['script', ['-qefc', command.map(shellQuote).join(' '), '/dev/null']]
    : ['npx', command.slice(1)];
  const child = spawn(file, argv, {
    cwd: workspace(),
    detached: true,
    env: { ...process.env, ...NX_ENV, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (!terminal) child.stdin.end(); // nothing to type: stdin at its end, as before
  let output = '';
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const w of waiters.filter((w) => w.re.test(output))) w.resolve();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    pid: child.pid as number,
    output: () => output,
    exited,
    /** Resolves once the output matches `re` (e.g. a RUN step's first log line). */
    waitFor: (re: RegExp) =>
      new Promise<void>((resolve) => {
        if (re.test(output)) resolve();
        else waiters.push({ re, resolve });
      }),
    /** Types Ctrl-C into its terminal (only with `terminal`). */
    ctrlC: () => {
      if (!terminal) throw new Error('ctrlC needs spawnNx(…, { terminal: true })');
      child.stdin.write('\x03');
    },
  };
}

/** `npx nx …` in the workspace, as a user runs it. Never throws on a failing exit code. */
export async function nx(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<RunResult & { output: string }> {
  const result = await execaRunner.run('npx', ['nx', ...args, '--output-style=stream'], {
    cwd: workspace(),
    env: { ...NX_ENV, ...env },
  });
  return { ...result, output: `${result.stdout}\n${result.stderr}` };
}

/** Fails with nx's output when the command did not succeed. */
export async function nxOk(args: string[], env?: Record<string, string | undefined>) {
  const result = await nx(args, env);
  if (result.exitCode !== 0)
    throw new Error(
      `nx ${args.join(' ')} exited ${result.exitCode}:\n${result.output.slice(-4000)}`,
    );
  return result;
}

export interface BuildMetadata {
  image: string;
  tags: string[];
  digest: string | null;
  steps: { run: number; cached: number };
  cacheStrategy: string;
  fresh: string | null;
}

export const metadataOf = (root: string) =>
  readJson<BuildMetadata>(`dist/docker/${root}/metadata.json`);

/** The runtime input the graph plugin gives the docker target `target` of the project at `root`. */
export const stateInput = (root: string, target: string) => ({
  runtime: `node node_modules/@nx-buildx/docker/dist/hasher/runtime-state.js ${root} ${target} || echo "uncacheable (runtime-state.js failed) $(date +%s%N) $$"`,
});

export const LOCAL_REGISTRY = '127.0.0.1:5000';
export const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;

export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
}
