import { errorFromResult } from '../errors/from-output';
import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';

export interface RunImageOptions {
  platform?: string;
  /** `host` for servers reached on 127.0.0.1 (no other route out of the machine). */
  network?: string;
  env?: Record<string, string>;
  runner?: ProcessRunner;
}

/** `docker run --rm IMAGE CMD…` and its stdout: how tests and the demo check an image. */
export async function runImage(
  image: string,
  cmd: readonly string[] = [],
  o: RunImageOptions = {},
): Promise<string> {
  return dockerRun(['--rm'], image, cmd, o);
}

/** Starts a detached container and returns its id; stop it with {@link removeContainer}. */
export async function startContainer(
  image: string,
  cmd: readonly string[] = [],
  o: RunImageOptions = {},
): Promise<string> {
  return (await dockerRun(['--detach'], image, cmd, o)).trim();
}

async function dockerRun(
  flags: string[],
  image: string,
  cmd: readonly string[],
  o: RunImageOptions,
): Promise<string> {
  const args = ['run', ...flags];
  if (o.platform) args.push('--platform', o.platform);
  if (o.network) args.push('--network', o.network);
  for (const [k, v] of Object.entries(o.env ?? {})) args.push('--env', `${k}=${v}`);
  args.push(image, ...cmd);
  const result = await (o.runner ?? execaRunner).run('docker', args);
  if (result.exitCode !== 0)
    throw errorFromResult(`docker run ${flags.join(' ')} ${image}`, result);
  return result.stdout;
}

export async function removeContainer(
  id: string,
  runner: ProcessRunner = execaRunner,
): Promise<void> {
  await runner.run('docker', ['rm', '--force', id]);
}

/** Removes local images (ignores ones that are already gone). */
export async function removeImages(
  refs: readonly string[],
  runner: ProcessRunner = execaRunner,
): Promise<void> {
  if (refs.length) await runner.run('docker', ['image', 'rm', '--force', ...refs]);
}
