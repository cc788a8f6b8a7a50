import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

let script: string | undefined;
/**
 * The script Nx runs for a docker target's `runtime` input (./runtime-state.ts, built), by
 * the package's root: this module also runs inside the executors' bundles, whose
 * `__dirname` is their own folder.
 */
function scriptPath(): string {
  if (script) return script;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (script = join(dir, 'dist/hasher/runtime-state.js'));
}

/**
 * The `runtime` input of the docker target `target` of the project at `root`: Nx runs it
 * in the workspace root and hashes what it prints (runtime-state.ts). The script is named
 * relative to the workspace root when it is inside it, so the command — part of the hash —
 * is the same on every machine that installed the plugin in node_modules.
 */
export function runtimeStateInput(
  workspaceRoot: string,
  root: string,
  target: string,
): { runtime: string } {
  const path = scriptPath();
  const rel = relative(workspaceRoot, path);
  const shown = rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
  const command = ['node', shown, root, target].map(shellWord).join(' ');
  // Nx hashes what a runtime command prints even when it fails: a script that cannot run
  // (no node on PATH, the plugin half-installed) would print the same error every time,
  // a constant that lets an old run be replayed. The fallback never repeats.
  return { runtime: `${command} || echo "uncacheable (runtime-state.js failed) $(date +%s%N) $$"` };
}

/** A word for sh (Nx runs the command through a shell): quoted only when it must be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
