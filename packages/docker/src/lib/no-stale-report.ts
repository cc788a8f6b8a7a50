import { BuildFailedError, tagsWerePutBack } from '@nx-buildx/buildx';
import { rm } from 'node:fs/promises';

/**
 * Runs a build whose report is `reportPath`; when it fails after the image may have been
 * tagged (a failed push, NOT_FRESH, a stall or an export that failed, …) an older report
 * there is removed before the error goes on: it would name another image than the tags
 * now do, or claim a push that did not happen. It is kept where the tags still name what
 * it says: a failure at a Dockerfile step (BuildKit exported nothing), or one after which
 * buildImage put the tags back as they were (a failed push, NOT_FRESH).
 * Only reports this plugin wrote are there (prepareReport refuses anything else first).
 */
export async function withoutStaleReport<T>(
  reportPath: string,
  build: () => Promise<T>,
): Promise<T> {
  try {
    return await build();
  } catch (err) {
    if (!failedAtStep(err) && !tagsWerePutBack(err))
      await rm(reportPath, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** A build that failed at a Dockerfile step (`[2/3] RUN …`, `[app 1/2] COPY …`). */
function failedAtStep(err: unknown): boolean {
  return (
    err instanceof BuildFailedError &&
    err.code === 'BUILD_FAILED' &&
    /^\[[^\]]*\d+\/\d+\] /.test(err.step ?? '')
  );
}
