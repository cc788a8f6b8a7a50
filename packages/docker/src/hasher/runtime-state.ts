import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER_FRESH_BUILD } from '../lib/executor-names';
import { workspaceDataDir } from '../lib/nx-shim';
import { readVersion } from '../lib/project';
import type * as ImageState from './image-state';
import { neverRepeats } from './never-repeats';
import { recordedRunOptions } from './run-options';

/** What is printed for a target Nx does not cache: it is never replayed, nothing to vouch for. */
export const NOT_CACHED = 'not cached by Nx';

interface GraphTarget {
  executor?: string;
  cache?: boolean;
  options?: Record<string, unknown>;
  configurations?: Record<string, Record<string, unknown>>;
  defaultConfiguration?: string;
}

/**
 * The `runtime` input of a docker-build target (docs/decisions/0002-nx-cache.md): Nx runs
 * `node runtime-state.js <project root> <target>` in the workspace root and hashes what it
 * prints. For a target Nx caches that is the image IDs its run leaves and reads
 * ({@link imageStateOf}), so a hit means the very images are still there; anything this
 * cannot vouch for prints a value that never repeats. The target's options come from the
 * project graph Nx wrote for this run; options given on the command line are not seen
 * here: each run given such options records them (./run-options.ts) and this vouches for
 * its images too.
 */
export async function runtimeState(
  workspaceRoot: string,
  projectRoot: string,
  target: string,
  env: NodeJS.ProcessEnv,
  deps: ImageState.ImageStateDeps = {},
): Promise<string> {
  let graph: {
    nodes?: Record<string, { data?: { root?: string; targets?: Record<string, GraphTarget> } }>;
  };
  try {
    const dir = workspaceDataDir(workspaceRoot);
    graph = JSON.parse(readFileSync(join(dir, 'project-graph.json'), 'utf8'));
  } catch {
    return neverRepeats("Nx's project graph could not be read");
  }
  // By root: the one name inference knows for sure (Nx may name the project otherwise).
  const [project, node] =
    Object.entries(graph.nodes ?? {}).find(([, n]) => n.data?.root === projectRoot) ?? [];
  const data = node?.data;
  const t = data?.targets?.[target];
  if (!project || !data || !t)
    return neverRepeats(`no target ${target} of a project at ${projectRoot} in the project graph`);
  if (t.cache !== true) return NOT_CACHED;
  // A fresh build exists to rebuild now; a replayed log would be a false "fresh".
  if (t.executor === DOCKER_FRESH_BUILD) return neverRepeats('a fresh build is never replayed');
  // The same hash serves `nx run p:docker-build` and every `p:docker-build:<configuration>`
  // or command-line option (this input cannot tell which runs), so it vouches for the
  // images of all of them.
  const runs = [t.defaultConfiguration, ...Object.keys(t.configurations ?? {})];
  const facts = {
    name: project,
    root: projectRoot,
    workspaceRoot,
    version: readVersion(join(workspaceRoot, projectRoot)),
    defaultBase: defaultBaseOf(workspaceRoot),
  };
  try {
    // Loaded only here: Nx runs this for every task it hashes, cached or not, and the image
    // model (zod, the Dockerfile parser, execa) is most of the script's start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { imageStateOf } = require('./image-state') as typeof ImageState;
    const states: string[] = [];
    const optionSets = [
      ...[...new Set(runs)].map((c) => ({ ...t.options, ...(c ? t.configurations?.[c] : {}) })),
      // and those of the runs given other options on the command line (./run-options.ts)
      ...recordedRunOptions(workspaceRoot, projectRoot, target),
    ];
    for (const options of optionSets) {
      const state = await imageStateOf(options, facts, env, deps);
      if (!states.includes(state)) states.push(state);
    }
    return states.join('\n');
  } catch {
    return neverRepeats('the images could not be read');
  }
}

function defaultBaseOf(workspaceRoot: string): string | undefined {
  try {
    const base = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8')).defaultBase;
    return typeof base === 'string' ? base : undefined;
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  // Whatever goes wrong prints a value that never repeats (Nx hashes an error's text too).
  const failed = (err: unknown) => {
    process.stdout.write(`${neverRepeats(`the script failed: ${String(err).split('\n')[0]}`)}\n`);
    process.exit(0);
  };
  process.on('uncaughtException', failed);
  process.on('unhandledRejection', failed);
  const [projectRoot = '', target = ''] = process.argv.slice(2);
  void runtimeState(process.cwd(), projectRoot, target, process.env).then((state) => {
    process.stdout.write(`${state}\n`);
  }, failed);
}
