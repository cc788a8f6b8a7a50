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

export { directorySize } from '../cache/local-store';
