import { join } from 'node:path';
import { exists } from '../fs/exists';
import { contextMetaPath, dockerConfigDir } from './docker-config';

type Env = Record<string, string | undefined>;

/**
 * The docker context `builder` names, when it names one and no buildx builder instance of
 * that name exists; else undefined. A context's own (docker driver) builder is listed by
 * `docker buildx ls`, but `buildx build --builder <context>` refuses it ("use `docker
 * --context=<name> buildx` to switch to context"): such a build must select the context
 * itself. Reads the docker CLI's config folder only (no process).
 */
export async function builderContextName(
  builder: string | undefined,
  env: Env = process.env,
): Promise<string | undefined> {
  if (!builder || builder === 'default') return undefined;
  const config = dockerConfigDir(env);
  if (await exists(join(config, 'buildx', 'instances', builder))) return undefined;
  return (await exists(contextMetaPath(config, builder))) ? builder : undefined;
}

/**
 * Options and environment for a build whose `builder` may be a docker context: the
 * context is selected through DOCKER_CONTEXT (and a DOCKER_HOST, which would win over it,
 * is dropped), so the engine probe, the builder inspection, cache checks and the build
 * itself all reach that context's engine; `builder` itself is left out of the argv.
 */
export async function routeToBuilderContext<B extends { builder?: string }>(
  build: B,
  env: Env | undefined,
): Promise<{ build: B; env: Env | undefined; context?: string }> {
  const context = await builderContextName(build.builder, { ...process.env, ...env });
  if (!context) return { build, env };
  return {
    build: { ...build, builder: undefined },
    env: { ...env, DOCKER_CONTEXT: context, DOCKER_HOST: undefined },
    context,
  };
}
