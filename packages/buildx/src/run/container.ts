import type { RunContext } from '../process/run-context';
import { ContainerRunError } from '../errors/container';
import { InterruptedError, lastLines } from '../errors/errors';
import { execaRunner } from '../process/execa-runner';
import { whileInterruptible } from '../process/interrupts';
import { formatCommand } from '../process/runner';
import type { ContainerSpec } from './run-argv';
import { containerRunArgv } from './run-argv';

/** The driver's run context, and how long a stopped container may take. */
export interface ContainerRunContext extends RunContext {
  /** Seconds a stopped container gets between SIGTERM and SIGKILL. */
  stopTimeout?: number;
}

export interface ContainerRunResult {
  name: string;
  /** Set for a detached run. */
  id?: string;
  exitCode: number;
}

/**
 * Runs a container. Detached: starts it and returns its id. Attached: shares the
 * terminal with it until it exits; a SIGINT/SIGTERM/SIGHUP of this process stops the
 * container (`docker stop`: SIGTERM, then SIGKILL after `stopTimeout`) and, with `rm`,
 * makes sure it is removed, instead of leaving it running behind a dead CLI.
 */
export async function runContainer(
  spec: ContainerSpec,
  ctx: ContainerRunContext = {},
): Promise<ContainerRunResult> {
  const runner = ctx.runner ?? execaRunner;
  const { command, args } = containerRunArgv(spec);
  // The container's values reach docker through its environment only (see --env NAME).
  const env = { ...ctx.env, ...spec.env };
  ctx.onCommand?.(formatCommand(command, args));
  if (spec.detach) {
    const r = await runner.run(command, args, { cwd: ctx.cwd, env });
    if (r.exitCode !== 0)
      throw new ContainerRunError(spec.name, r.exitCode, lastLines(r.stderr, 5).join('\n'));
    return { name: spec.name, id: r.stdout.trim(), exitCode: 0 };
  }

  let stopping: Promise<unknown> | undefined;
  const { value: result, interruptedBy } = await whileInterruptible(async (signal) => {
    const run = runner.run(command, args, { cwd: ctx.cwd, env, interactive: true });
    signal.addEventListener('abort', () => {
      stopping ??= runner.run(
        'docker',
        ['stop', '--time', String(ctx.stopTimeout ?? 10), spec.name],
        { env: ctx.env },
      );
    });
    const r = await run;
    await stopping;
    return r;
  });
  if (interruptedBy || stopping) {
    // --rm is done by the engine when the container ends; a container that never ended
    // (the CLI died first) is removed here. Only this run's own container, by name.
    if (spec.rm) await runner.run('docker', ['rm', '--force', spec.name], { env: ctx.env });
    ctx.onLine?.(
      `container ${spec.name} stopped${spec.rm ? ' and removed' : ' (kept: rm is false)'}`,
    );
    throw new InterruptedError(`docker run ${spec.name}`, interruptedBy ?? 'abort');
  }
  if (result.exitCode !== 0) throw new ContainerRunError(spec.name, result.exitCode, '');
  return { name: spec.name, exitCode: 0 };
}
