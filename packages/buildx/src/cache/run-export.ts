import { randomBytes } from 'node:crypto';

/** Fixed for this process: its exports never share a directory with another run's. */
const RUN = `${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * The directory this run exports the local cache `dir` into: `DIR.<pid>-<hex>.next`. An
 * orphaned `docker buildx build` of a killed run keeps writing into its own, never into
 * the next run's, which then swaps only what it exported itself.
 */
export function runExportDir(dir: string): string {
  return `${dir}.${RUN}.next`;
}
