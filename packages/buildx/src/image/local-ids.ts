import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';

/**
 * The image ID each ref has in the local engine, with ONE `docker image inspect` for
 * all of them (the Nx hasher calls this on every hash). `undefined` when any ref is
 * missing or the engine cannot be asked: the caller cannot vouch for the images then.
 */
export async function localImageIds(
  refs: readonly string[],
  runner: ProcessRunner = execaRunner,
): Promise<string[] | undefined> {
  if (refs.length === 0) return undefined;
  const r = await runner
    .run('docker', ['image', 'inspect', '--format', '{{.Id}}', ...refs])
    .catch(() => undefined);
  if (!r || r.exitCode !== 0) return undefined;
  const ids = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return ids.length === refs.length ? ids : undefined;
}
