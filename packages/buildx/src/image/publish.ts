import type { RunContext } from '../process/run-context';
import { ReleaseImageMissingError, PushFailedError } from '../errors/publish';
import { errorFromResult } from '../errors/from-output';
import { lastLines } from '../errors/errors';
import { execaRunner } from '../process/execa-runner';
import { formatCommand } from '../process/runner';
import { probeEngine } from '../engine/probe';
import { localImageIds } from './local-ids';

export interface PublishImageInput {
  /** The image as the build tagged it, e.g. `registry/app:latest`. */
  source: string;
  /** Full references to tag it as and push, in order (e.g. `registry/app:1.2.3`). */
  refs: readonly string[];
  /** The command that builds `source`, for the message when it is missing. */
  buildCommand: string;
}

/** The driver's run context, and a line per pushed ref. */
export interface PublishContext extends RunContext {
  /** One line per pushed ref. */
  onPushed?: (ref: string, digest: string | undefined) => void;
}

/**
 * Tags an image that is already in the engine with each release ref and pushes them one
 * by one. The image is looked up first, so a missing build tags and pushes nothing. Tags
 * are added (`docker image tag`), never moved off another image than `source`.
 */
export async function publishImage(
  input: PublishImageInput,
  ctx: PublishContext = {},
): Promise<Array<{ ref: string; digest?: string }>> {
  // An engine that is down must say so, not look like a missing image.
  const env = { ...process.env, ...ctx.env };
  await probeEngine(env);
  const ids = await localImageIds([input.source], ctx.runner ?? execaRunner, env);
  if (!ids) throw new ReleaseImageMissingError(input.source, input.buildCommand);
  const run = async (args: string[]) => {
    ctx.onCommand?.(formatCommand('docker', args));
    return (ctx.runner ?? execaRunner).run('docker', args, { cwd: ctx.cwd, env: ctx.env });
  };
  for (const ref of input.refs) {
    const tagged = await run(['image', 'tag', input.source, ref]);
    if (tagged.exitCode !== 0) throw errorFromResult(`docker image tag ${ref}`, tagged);
  }
  const pushed: Array<{ ref: string; digest?: string }> = [];
  for (const ref of input.refs) {
    const r = await run(['image', 'push', ref]);
    if (r.exitCode !== 0)
      throw new PushFailedError(
        ref,
        pushed.map((p) => p.ref),
        lastLines(`${r.stderr}\n${r.stdout}`, 5).join('\n'),
      );
    const digest = pushedDigest(r.stdout);
    pushed.push({ ref, digest });
    ctx.onPushed?.(ref, digest);
  }
  return pushed;
}

/** `1.2.3: digest: sha256:… size: 527`, the last line of `docker push`. */
export function pushedDigest(output: string): string | undefined {
  return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1];
}
