import type { StepCounts } from './progress';

/**
 * BuildKit's solve status as `--progress rawjson` prints it: JSON objects (`vertexes`,
 * `statuses`, `logs`; one a line since buildx 0.2x, pretty-printed in 0.13), then plain text (buildx's own error lines). Reading
 * this instead of the human formats gives step counts in every progress mode — plain
 * output is rendered from it (see {@link renderPlain}), quiet prints none of it.
 */
export interface Vertex {
  digest: string;
  name: string;
  started?: string;
  completed?: string;
  cached?: boolean;
  error?: string;
}

interface StatusUpdate {
  id: string;
  vertex: string;
  current?: number;
  total?: number;
  completed?: string;
}

interface LogChunk {
  vertex: string;
  /** Base64, as BuildKit sends it. */
  data: string;
  timestamp?: string;
}

export interface SolveStatus {
  vertexes?: Vertex[];
  statuses?: StatusUpdate[];
  logs?: LogChunk[];
}

/** A Dockerfile step (`[stage 2/3] RUN …`), not `[internal] …` or a FROM. */
const STEP = /^\[[^\]]*\d+\/\d+\] (?!FROM )/;

/**
 * Incremental reader: feed it rawjson output line by line. Every complete JSON object
 * is merged into the vertex table and passed to `onStatus`; every other line (buildx's
 * own text) to `onText`.
 */
export class SolveStatusReader {
  private readonly vertexes = new Map<string, Vertex>();
  /** Status lines of work in progress (`pushing layers`), by id. */
  private readonly statuses = new Map<string, StatusUpdate>();
  private pending: string[] = [];
  /** The most bytes BuildKit reported sending for a build context, if it sent one. */
  contextBytes: number | undefined;

  constructor(
    private readonly on: {
      onStatus?: (status: SolveStatus) => void;
      onText?: (line: string) => void;
    } = {},
  ) {}

  push(line: string): void {
    if (this.pending.length === 0) {
      // buildx ≥ 0.2x prints each object on one line; 0.13 pretty-prints it over many.
      if (line.startsWith('{') && line.endsWith('}')) this.take([line]);
      else if (line === '{') this.pending.push(line);
      else this.on.onText?.(line);
      return;
    }
    this.pending.push(line);
    if (line !== '}') return;
    const lines = this.pending;
    this.pending = [];
    this.take(lines);
  }

  private take(lines: string[]): void {
    let status: SolveStatus;
    try {
      status = JSON.parse(lines.join('\n')) as SolveStatus;
    } catch {
      lines.forEach((l) => this.on.onText?.(l));
      return;
    }
    for (const v of status.vertexes ?? [])
      this.vertexes.set(v.digest, { ...this.vertexes.get(v.digest), ...v });
    for (const st of status.statuses ?? []) {
      if (st.id.startsWith('transferring context') && st.current !== undefined)
        this.contextBytes = Math.max(this.contextBytes ?? 0, st.current);
      this.statuses.set(st.id, st);
    }
    this.on.onStatus?.(status);
  }

  /**
   * What the run is busy with now: each step started and not finished, with its open
   * status lines (`exporting to image (pushing layers)`). Empty before BuildKit said anything.
   */
  openWork(): string[] {
    return this.vertexList()
      .filter((v) => v.started && !v.completed && !v.error)
      .map((v) => {
        const open = [...this.statuses.values()]
          .filter((st) => st.vertex === v.digest && !st.completed)
          .map((st) => st.id);
        return open.length ? `${v.name} (${open.join(', ')})` : v.name;
      });
  }

  /** The vertex table so far, in first-seen order. */
  vertexList(): Vertex[] {
    return [...this.vertexes.values()];
  }

  /** Dockerfile steps that ran, came from cache, failed or never finished. */
  counts(): StepCounts {
    const steps = this.vertexList()
      .filter((v) => STEP.test(v.name))
      .map((v) => ({
        name: v.name,
        outcome: v.error
          ? ('failed' as const)
          : v.cached
            ? ('cached' as const)
            : v.completed
              ? ('run' as const)
              : ('unfinished' as const),
      }));
    const count = (o: string) => steps.filter((s) => s.outcome === o).length;
    return { run: count('run'), cached: count('cached'), failed: count('failed'), steps };
  }

  /** The step that failed, with its last log lines: what a failure message should show. */
  failure(
    logs: ReadonlyMap<string, string[]>,
  ): { step: string; error: string; lines: string[] } | undefined {
    const failed = this.vertexList().find((v) => v.error && !/context canceled/.test(v.error));
    if (!failed) return undefined;
    return {
      step: failed.name,
      error: failed.error as string,
      lines: logs.get(failed.digest) ?? [],
    };
  }
}

/**
 * Renders solve status the way `--progress plain` reads (`#3 [2/2] RUN …`, `#3 0.41 hi`,
 * `#3 DONE 0.4s`, `#3 CACHED`), so people see what they know while the plugin counts
 * from the structured data. Also keeps each vertex's log lines for failure messages.
 */
export class PlainRenderer {
  private readonly numbers = new Map<string, number>();
  private readonly announced = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly doneStatuses = new Set<string>();
  private readonly partial = new Map<string, string>();
  private readonly started = new Map<string, number>();
  readonly logs = new Map<string, string[]>();

  constructor(private readonly write: (line: string) => void) {}

  render(status: SolveStatus): void {
    for (const v of status.vertexes ?? []) {
      // BuildKit lists the whole graph up front; plain output names a step when it starts.
      if (!v.started && !v.cached && !v.completed && !v.error) continue;
      if (v.started && !this.started.has(v.digest))
        this.started.set(v.digest, Date.parse(v.started));
      const n = this.number(v.digest);
      if (!this.announced.has(v.digest)) {
        this.announced.add(v.digest);
        this.write(`#${n} ${v.name}`);
      }
      if (this.finished.has(v.digest)) continue;
      if (v.cached) this.finish(v.digest, `#${n} CACHED`);
      else if (v.error) this.finish(v.digest, `#${n} ERROR: ${v.error}`);
      else if (v.completed && v.started)
        this.finish(v.digest, `#${n} DONE ${seconds(v.started, v.completed)}s`);
    }
    for (const s of status.statuses ?? []) {
      const key = `${s.vertex}\0${s.id}`;
      if (!s.completed || this.doneStatuses.has(key)) continue;
      this.doneStatuses.add(key);
      const amount = s.total
        ? `${s.current ?? 0}/${s.total}`
        : s.current
          ? `${formatSize(s.current)}`
          : '';
      this.write(`#${this.number(s.vertex)} ${s.id}${amount ? ` ${amount}` : ''} done`);
    }
    for (const log of status.logs ?? []) {
      const text =
        (this.partial.get(log.vertex) ?? '') + Buffer.from(log.data, 'base64').toString('utf8');
      const lines = text.split(/\r?\n/);
      this.partial.set(log.vertex, lines.pop() ?? '');
      const kept = this.logs.get(log.vertex) ?? [];
      for (const line of lines) {
        this.write(`#${this.number(log.vertex)} ${this.elapsed(log)}${line}`);
        kept.push(line);
      }
      this.logs.set(log.vertex, kept.slice(-30));
    }
  }

  /** Seconds since the step started, as plain progress prefixes each log line. */
  private elapsed(log: LogChunk): string {
    const from = this.started.get(log.vertex);
    const at = log.timestamp ? Date.parse(log.timestamp) : NaN;
    return from === undefined || Number.isNaN(at)
      ? ''
      : `${Math.max(0, (at - from) / 1000).toFixed(3)} `;
  }

  private finish(digest: string, line: string): void {
    const rest = this.partial.get(digest);
    if (rest) {
      this.write(`#${this.number(digest)} ${rest}`);
      this.logs.set(digest, [...(this.logs.get(digest) ?? []), rest].slice(-30));
      this.partial.delete(digest);
    }
    this.finished.add(digest);
    this.write(line);
  }

  private number(digest: string): number {
    let n = this.numbers.get(digest);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(digest, n);
    }
    return n;
  }
}

function seconds(from: string, to: string): string {
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000).toFixed(1);
}

function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  if (bytes < 1000 ** 2) return `${(bytes / 1000).toFixed(2)}kB`;
  if (bytes < 1000 ** 3) return `${(bytes / 1000 ** 2).toFixed(2)}MB`;
  return `${(bytes / 1000 ** 3).toFixed(2)}GB`;
}
