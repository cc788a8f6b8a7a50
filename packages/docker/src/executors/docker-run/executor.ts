import type { ExecutorContext } from '@nx/devkit';
import { buildImage, InvalidOptionError, parseOptions, runContainer } from '@nx-buildx/buildx';
import { randomBytes } from 'node:crypto';
import { engineEnvOf, planOfBuildTarget } from '../../lib/build-target';
import { sanitizeTag } from '../../image/ref';
import { projectFacts } from '../../lib/project';
import { stepsText } from '../../image/report';
import { runExecutor } from '../../lib/run-executor';
import { dockerRunSchema } from './options';

/**
 * `docker-run`: builds the project's image (or one stage of it) as its build target
 * would, then runs it — attached (Ctrl-C stops and removes the container) or detached —
 * or opens a shell in it.
 */
export default async function dockerRunExecutor(
  options: unknown,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor('docker-run', context, async (io) => {
    const o = parseOptions(dockerRunSchema, options, 'docker-run options');
    if (o.shell && o.detach)
      throw new InvalidOptionError(
        [{ path: 'shell', message: 'a shell needs the terminal: leave detach off to use shell' }],
        'docker-run options',
      );
    const project = projectFacts(context);
    const plan = await planOfBuildTarget(context, project, o.buildTarget);
    const image = o.stage
      ? `${plan.image}:nx-stage-${sanitizeTag(o.stage)}`
      : (plan.tags[0] as string);

    if (o.build || o.stage) {
      const { build, cache } = plan.input;
      const result = await buildImage(
        {
          // One image for this engine: loaded, not pushed; cache only read (a stage's
          // partial cache must not replace the build's exported one).
          build: {
            ...build,
            ...(o.stage ? { target: o.stage, tags: [image] } : {}),
            load: true,
            push: false,
            outputs: [],
            platforms: [],
            cacheTo: [],
          },
          cache: { ...cache, strategy: 'none' },
        },
        { cwd: plan.cwd, onLine: io.progress, onCommand: io.command },
      );
      io.info(`${image}: ${stepsText(result.steps)}`);
    }

    const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const shell = o.shell === true ? 'sh' : o.shell || undefined;
    const name =
      o.name ?? `nx-${sanitizeTag(project.name).toLowerCase()}-${randomBytes(3).toString('hex')}`;
    const envFiles = typeof o.envFile === 'string' ? [o.envFile] : (o.envFile ?? []);
    const run = await runContainer(
      {
        image,
        name,
        ...(shell ? { entrypoint: shell, command: [] } : { command: o.command }),
        ports: o.ports,
        env: o.env,
        envFiles,
        network: o.network,
        volumes: o.volumes,
        labels: { 'dev.nx-buildx.project': project.name },
        rm: o.rm,
        detach: o.detach,
        interactive: Boolean(shell) || (!o.detach && terminal),
        tty: !o.detach && terminal,
        init: o.init,
      },
      {
        cwd: context.root,
        env: await engineEnvOf(plan),
        onCommand: io.command,
        onLine: io.info,
        stopTimeout: o.stopTimeout,
      },
    );
    if (o.detach)
      io.info(
        `started ${run.name} (${run.id?.slice(0, 12)}) from ${image}; stop it with: docker stop ${run.name}`,
      );
  });
}
