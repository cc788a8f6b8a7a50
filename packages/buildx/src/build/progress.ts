/**
 * Which Dockerfile steps of a build ran and which came from cache, read from BuildKit's
 * solve status (see solve-status.ts). Internal vertices (`[internal] load …`, metadata
 * look-ups, exporting) and FROM lines are not steps a user wrote, so they do not count.
 */
export interface StepCounts {
  /** Steps executed by this build. */
  run: number;
  /** Steps whose result came from cache. */
  cached: number;
  /** Steps that failed or were cancelled. */
  failed: number;
  /** The step names, e.g. `[build 2/3] RUN npm ci`, with their outcome. */
  steps: Array<{ name: string; outcome: 'run' | 'cached' | 'failed' | 'unfinished' }>;
}
