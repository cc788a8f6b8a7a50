import { errorFromResult } from '../errors/from-output';
import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';
import type { BuilderInfo } from './inspect';
import { capabilitiesOf, parseInspect, usesContainerdStore } from './inspect';
import type { BuildxVersion } from './version';
import { parseBuildxVersion } from './version';

/** Reads `docker buildx version`; read once per run and pass it to argv builders. */
export async function buildxVersion(runner: ProcessRunner = execaRunner): Promise<BuildxVersion> {
  const result = await runner.run('docker', ['buildx', 'version']);
  if (result.exitCode !== 0) throw errorFromResult('docker buildx version', result);
  return parseBuildxVersion(result.stdout);
}

/** `docker buildx inspect [name]` → driver, status, platforms and capabilities. */
export async function inspectBuilder(
  name?: string,
  runner: ProcessRunner = execaRunner,
  /** The engine to ask (DOCKER_HOST, DOCKER_CONTEXT); default: this process's. */
  env?: Record<string, string | undefined>,
): Promise<BuilderInfo> {
  const result = await runner.run('docker', ['buildx', 'inspect', ...(name ? [name] : [])], {
    env,
  });
  if (result.exitCode !== 0)
    throw errorFromResult(`docker buildx inspect${name ? ` ${name}` : ''}`, result);
  const info = parseInspect(result.stdout);
  const status = await runner.run('docker', ['info', '--format', '{{json .DriverStatus}}'], {
    env,
  });
  if (status.exitCode !== 0) throw errorFromResult('docker info', status);
  return { ...info, capabilities: capabilitiesOf(info.driver, usesContainerdStore(status.stdout)) };
}
