import { probeEngine } from '../engine/probe';
import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';

/** How long hashing may wait for an engine before it gives up on vouching for images. */
const HASH_PROBE_MS = 3_000;

/**
 * The image ID each ref has in the local engine, with ONE `docker image inspect` for
 * all of them (the Nx hasher calls this on every hash). `undefined` when any ref is
 * missing or the engine cannot be asked: the caller cannot vouch for the images then.
 * An engine that accepts connections but never answers would hang `docker` — and Nx's
 * hashing with it, before the executor could say why — so it is pinged first, briefly.
 */
export async function localImageIds(
  refs: readonly string[],
  runner?: ProcessRunner,
  env: Record<string, string | undefined> = process.env,
): Promise<string[] | undefined> {
  if (refs.length === 0) return undefined;
  if (
    !runner &&
    !(await probeEngine(env, HASH_PROBE_MS).then(
      () => true,
      () => false,
    ))
  )
    return undefined;
  const r = await (runner ?? execaRunner)
    .run('docker', ['image', 'inspect', '--format', '{{.Id}}', ...refs], {
      signal: AbortSignal.timeout(30_000),
    })
    .catch(() => undefined);
  if (!r || r.exitCode !== 0) return undefined;
  const ids = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return ids.length === refs.length ? ids : undefined;
}
