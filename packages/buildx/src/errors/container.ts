import { BuildxError } from './errors';

/** `docker run` failed, or the attached container exited non-zero. */
export class ContainerRunError extends BuildxError {
  readonly code = 'CONTAINER_RUN_FAILED';
  constructor(
    readonly container: string,
    readonly exitCode: number,
    readonly detail: string,
  ) {
    const why =
      exitCode === 125
        ? 'docker could not start it'
        : exitCode === 126 || exitCode === 127
          ? 'its command could not be run (not executable or not found in the image)'
          : `it exited with code ${exitCode}`;
    super(
      `The container ${container} failed: ${why}.${detail ? `\n${detail}` : ''}\n` +
        'Check the options (ports, envFile, volumes, network, command) and the output above, then run again.',
    );
  }
}
