/**
 * Reads BuildKit's plain progress output (`--progress plain`) and tells which Dockerfile
 * steps ran and which came from cache. Internal vertices (`[internal] load …`, metadata
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

const VERTEX = /^#(\d+) (\[[^\]]*\d+\/\d+\] .*)$/;
const STATUS = /^#(\d+) (CACHED|DONE\b|ERROR\b|CANCELED\b)/;
const FROM_STEP = /^\[[^\]]*\] FROM /;

/** Incremental parser: feed it lines as the build streams them. */
export class ProgressTracker {
  private readonly names = new Map<string, string>();
  private readonly outcomes = new Map<string, 'run' | 'cached' | 'failed'>();

  push(line: string): void {
    const vertex = VERTEX.exec(line);
    if (vertex) {
      const [, id, name] = vertex as unknown as [string, string, string];
      if (!FROM_STEP.test(name) && !this.names.has(id)) this.names.set(id, name);
      return;
    }
    const status = STATUS.exec(line);
    if (!status) return;
    const [, id, word] = status as unknown as [string, string, string];
    if (!this.names.has(id)) return;
    if (word === 'CACHED') this.outcomes.set(id, 'cached');
    else if (word === 'DONE') {
      if (this.outcomes.get(id) !== 'cached') this.outcomes.set(id, 'run');
    } else this.outcomes.set(id, 'failed');
  }

  counts(): StepCounts {
    const steps = [...this.names].map(([id, name]) => ({
      name,
      outcome: this.outcomes.get(id) ?? ('unfinished' as const),
    }));
    return {
      run: steps.filter((s) => s.outcome === 'run').length,
      cached: steps.filter((s) => s.outcome === 'cached').length,
      failed: steps.filter((s) => s.outcome === 'failed').length,
      steps,
    };
  }
}

export function countSteps(output: string): StepCounts {
  const tracker = new ProgressTracker();
  for (const line of output.split(/\r?\n/)) tracker.push(line);
  return tracker.counts();
}
