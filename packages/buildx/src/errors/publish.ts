import { BuildxError } from './errors';

/** The image a release would tag is not in the engine: nothing was tagged or pushed. */
export class ReleaseImageMissingError extends BuildxError {
  readonly code = 'RELEASE_IMAGE_MISSING';
  constructor(
    readonly image: string,
    readonly buildCommand: string,
  ) {
    super(
      `The image ${image} is not in the Docker Engine, so there is nothing to tag and push; nothing was pushed.\n` +
        `Build it first (${buildCommand}); the inferred nx-release-publish target depends on the build target, so \`nx release\` builds it for you.`,
    );
  }
}

/** A `docker image push` failed part-way through a release: the tags pushed before it are named. */
export class PushFailedError extends BuildxError {
  readonly code = 'PUSH_FAILED';
  constructor(
    readonly ref: string,
    readonly pushed: readonly string[],
    readonly detail: string,
  ) {
    super(
      `Pushing ${ref} failed: ${detail}\n` +
        (pushed.length ? `Already pushed: ${pushed.join(', ')}.\n` : 'Nothing was pushed.\n') +
        'Check that the registry is reachable and that you are logged in (docker login <registry>), then run `nx release publish` again: pushing the same tags again is safe.',
    );
  }
}
