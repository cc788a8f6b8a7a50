import { rm } from 'node:fs/promises';

/**
 * Runs a build whose report is `reportPath`; when it fails (a failed push, NOT_FRESH, …)
 * an older report there is removed before the error goes on: it would name another
 * image than the tags now do, or claim a push that did not happen. Only reports this
 * plugin wrote are there (prepareReport refuses anything else before the build).
 */
export async function withoutStaleReport<T>(
  reportPath: string,
  build: () => Promise<T>,
): Promise<T> {
  try {
    return await build();
  } catch (err) {
    await rm(reportPath, { force: true }).catch(() => undefined);
    throw err;
  }
}
