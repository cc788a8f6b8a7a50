// A throwaway Nx workspace for benchmarks, made the way a user gets one: the two packages
// built, packed and installed from their tarballs, plus a do-nothing executor — the
// floor of what any Nx executor costs — so the plugin's own cost can be told apart.
import { execaRunner } from '../../packages/buildx/src';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packPlugin } = require('../pack-plugin');
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repo = join(__dirname, '../..');
const nxVersion: string = JSON.parse(
  readFileSync(join(repo, 'node_modules/nx/package.json'), 'utf8'),
).version;

export interface BenchWorkspace {
  root: string;
  /** Runs a command in the workspace; throws with its output when it fails. */
  run(file: string, args: string[], env?: Record<string, string>): Promise<number>;
  write(files: Record<string, string>): Promise<void>;
  remove(): Promise<void>;
}

async function sh(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = await execaRunner.run(file, args, { cwd, env });
  if (result.exitCode !== 0)
    throw new Error(`${result.command} exited ${result.exitCode}:\n${result.stderr.slice(-3000)}`);
  return result;
}

const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

/**
 * Builds and packs the plugin, then installs it into a new workspace with `files` (and
 * `devDependencies` from npm, e.g. other plugins to compare with).
 */
export async function benchWorkspace(
  files: Record<string, string>,
  devDependencies: Record<string, string> = {},
): Promise<BenchWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'nx-buildx-bench-ws-'));
  const packs: { buildx: string; docker: string } = packPlugin(join(root, '.packs'));

  const ws: BenchWorkspace = {
    root,
    run: async (file, args, env = {}) =>
      (await sh(file, args, root, { ...NX_ENV, ...env })).durationMs,
    write: async (more) => {
      for (const [path, content] of Object.entries(more)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      }
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
  await ws.write({
    'package.json': JSON.stringify({
      name: 'bench-workspace',
      private: true,
      devDependencies: {
        nx: nxVersion,
        '@nx-buildx/buildx': `file:${packs.buildx}`,
        '@nx-buildx/docker': `file:${packs.docker}`,
        'noop-executor': 'file:./tools/noop-executor',
        ...devDependencies,
      },
    }),
    'nx.json': JSON.stringify({}),
    '.gitignore': 'node_modules\ndist\n',
    'tools/noop-executor/package.json': JSON.stringify({
      name: 'noop-executor',
      version: '0.0.0',
      executors: './executors.json',
    }),
    'tools/noop-executor/executors.json': JSON.stringify({
      executors: { noop: { implementation: './noop.js', schema: './schema.json' } },
    }),
    'tools/noop-executor/schema.json': JSON.stringify({ type: 'object', properties: {} }),
    'tools/noop-executor/noop.js': 'module.exports = async () => ({ success: true });\n',
    ...files,
  });
  await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], root);
  await sh('git', ['init', '-q'], root);
  await sh('git', ['add', '-A'], root);
  await sh(
    'git',
    ['-c', 'user.name=b', '-c', 'user.email=b@localhost', 'commit', '-qm', 'init'],
    root,
  );
  return ws;
}

/**
 * CPU time (user + system, ms) of every finished child process of this one and their
 * descendants (Linux: /proc/self/stat's cutime + cstime, 10 ms ticks). Unlike wall time it
 * hardly changes when other work shares the cores; the engine's own work is not in it.
 */
export function childrenCpuMs(): number {
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10; // fields 16 and 17 of stat
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The q-quantile (0…1) with linear interpolation between the sorted values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const below = sorted[lo] as number;
  return below + ((sorted[Math.ceil(at)] as number) - below) * (at - lo);
}
