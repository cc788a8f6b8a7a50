import { parseOptions } from '../errors/zod-issues';
import { buildArgv } from './argv';
import { checkLocalInputs } from './inputs';
import { checkSecrets } from './secrets';
import type { ImageMetadata } from './metadata';
import { parseImageMetadata } from './metadata';
import type { BuildOptions, BuildOptionsInput } from './options';
import { buildOptionsSchema } from './options';
import type { StepCounts } from './progress';
import type { RunContext } from '../process/run-context';
import { runTracked, withMetadataFile } from './tracked-run';

export type { RunContext } from '../process/run-context';

export interface BuildResult {
  metadata: ImageMetadata;
  steps: StepCounts;
  durationMs: number;
  command: string;
  /** Bytes BuildKit sent for the build context (what COPY/ADD use), when it reported it. */
  contextBytes?: number;
}

/**
 * Runs `docker buildx build`: validates options, streams progress, and returns the
 * digest, image names and how many steps ran or came from cache. Throws a typed error
 * (see errors.ts) on failure; a SIGINT/SIGTERM stops the docker child first.
 */
export async function runBuild(
  input: BuildOptionsInput,
  ctx: RunContext = {},
): Promise<BuildResult> {
  const options = parseOptions(buildOptionsSchema, input, 'build options');
  await checkSecrets(options.secrets, ctx.cwd ?? process.cwd(), { ...process.env, ...ctx.env });
  return runParsedBuild(options, ctx);
}

/**
 * {@link runBuild} for options already validated (by buildOptionsSchema or a schema that
 * extends it) whose secrets were checked: buildImage's path, so nothing is parsed twice.
 */
export async function runParsedBuild(
  options: BuildOptions,
  ctx: RunContext = {},
): Promise<BuildResult> {
  const cwd = ctx.cwd ?? process.cwd();
  await checkLocalInputs(options, cwd);
  const { value, metadata } = await withMetadataFile(options.metadataFile, cwd, (metadataFile) =>
    runTracked('docker buildx build', buildArgv({ ...options, metadataFile }), { ...ctx, cwd }),
  );
  return {
    metadata: parseImageMetadata(metadata),
    steps: value.steps,
    durationMs: value.result.durationMs,
    command: value.result.command,
    contextBytes: value.contextBytes,
  };
}
