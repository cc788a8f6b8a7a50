import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execaRunner } from '../process/execa-runner';

/**
 * Empties the engine's whole build cache, so the next build can only get cache from
 * the store under test (local dir, registry). Engine tests run in band for this.
 */
export async function pruneAllBuildCache(): Promise<void> {
  for (const args of [
    ['buildx', 'prune', '--all', '--force'],
    ['builder', 'prune', '--all', '--force'],
  ]) {
    const r = await execaRunner.run('docker', args);
    if (r.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  }
}

/** Bytes of all regular files under `dir`. */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) total += await directorySize(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}
