import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';
import { formatCommand } from '../process/runner';

export interface RefreshedBase {
  ref: string;
  platform?: string;
  ok: boolean;
  /** The command, for a user to run by hand when it failed. */
  command: string;
  detail?: string;
}

/**
 * `docker pull` of each base image a `--pull` build fetched, for each of its platforms.
 * BuildKit's `--pull` resolves the base from the registry but leaves the engine's own
 * tag on the old image, so without this the next cached build goes back to the old
 * base. Never throws: a failed pull is returned for the caller to report.
 */
export async function refreshBaseImages(
  refs: readonly string[],
  platforms: readonly string[],
  runner: ProcessRunner = execaRunner,
): Promise<RefreshedBase[]> {
  const out: RefreshedBase[] = [];
  for (const ref of refs) {
    for (const platform of platforms.length ? platforms : [undefined]) {
      const args = ['pull', '--quiet', ...(platform ? ['--platform', platform] : []), ref];
      const command = formatCommand('docker', args);
      const r = await runner.run('docker', args).catch((err: Error) => err);
      if (r instanceof Error) out.push({ ref, platform, ok: false, command, detail: r.message });
      else
        out.push({
          ref,
          platform,
          ok: r.exitCode === 0,
          command,
          detail: r.exitCode === 0 ? undefined : (r.stderr.trim().split('\n').pop() ?? ''),
        });
    }
  }
  return out;
}
