import { randomUUID } from 'node:crypto';

/** A hash input that is never the same twice: the task can only be a cache miss. */
export function neverRepeats(reason: string): string {
  return `uncacheable (${reason}) ${randomUUID()}`;
}
