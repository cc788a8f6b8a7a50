import type { BuildFailedError } from '../errors/errors';

/**
 * Tells which bake target a line of BuildKit's plain progress belongs to. A vertex is
 * introduced as `#N [target …] name` (bake prefixes the target when it builds several);
 * later lines of the same vertex only say `#N …`. A vertex shared by targets is
 * introduced again under each, so the latest introduction wins.
 */
export class TargetLines {
  /** Per vertex number: its step name and the targets it was introduced under. */
  private readonly vertices = new Map<string, { name: string; owners: string[] }>();
  private readonly targets: ReadonlySet<string>;

  constructor(targets: Iterable<string>) {
    this.targets = new Set(targets);
  }

  /** The target `line` belongs to, or undefined for lines of the whole run. */
  push(line: string): string | undefined {
    return this.sharers(line)?.at(-1);
  }

  /**
   * Every target the vertex of `line` was introduced under (push it first). A number
   * introduced again with another step name is another vertex: bake's builds number
   * their vertices apart, and one number can come back.
   */
  sharers(line: string): readonly string[] | undefined {
    return this.vertex(line)?.owners;
  }

  /** The vertex of `line` (push it first): its step name and the targets it showed under. */
  vertex(line: string): { name: string; owners: readonly string[] } | undefined {
    const m = /^#(\d+) (?:\[([^\s\]]+)[^\]]*\] (.*))?/.exec(line);
    if (!m) return undefined;
    const [, id, prefix, name] = m as unknown as [string, string, string?, string?];
    if (prefix && name !== undefined && this.targets.has(prefix)) {
      const v = this.vertices.get(id);
      const owners = v && v.name === name ? v.owners.filter((t) => t !== prefix) : [];
      this.vertices.set(id, { name, owners: [...owners, prefix] });
    }
    return this.vertices.get(id);
  }
}

/**
 * The targets a failed bake failed in, in the order found; empty when the output does
 * not tell. Read from, most specific first: newer buildx's `ERROR: target X: …`; the
 * vertex whose error is the one buildx ended with (`ERROR: failed to solve: MSG`) — when
 * one target fails, BuildKit may also abort another's cache export, whose step buildx
 * then names; the failing step's `[X n/m]` prefix unless it was only cancelled; any
 * failed vertex of a target; and — the only hint with `--progress quiet` — the
 * Dockerfile location buildx prints (`app.Dockerfile:2`), when one target alone uses it.
 */
export function failedTargets(
  error: Pick<BuildFailedError, 'step' | 'lastLines'>,
  progress: readonly string[],
  images: Readonly<Record<string, FailedTargetFacts>>,
): string[] {
  return [...new Set(blamed(error, progress, images))];
}

/** What failedTargets knows of each target of the bake. */
export interface FailedTargetFacts {
  dockerfile?: string;
}

function blamed(
  error: Pick<BuildFailedError, 'step' | 'lastLines'>,
  progress: readonly string[],
  images: Readonly<Record<string, FailedTargetFacts>>,
): string[] {
  const targets = Object.keys(images);
  const named = [...error.lastLines, ...progress]
    .map((line) => /^ERROR: target ([^\s:]+):/.exec(line)?.[1])
    .filter((t): t is string => t !== undefined && targets.includes(t));
  if (named.length) return named;

  const owner = new TargetLines(targets);
  const vertexErrors: Array<{ target: string; message: string }> = [];
  for (const line of progress) {
    const vertex = owner.vertex(line);
    const message = /^#\d+ ERROR:? (.*)$/.exec(line)?.[1];
    if (vertex && message !== undefined)
      for (const target of vertex.owners) vertexErrors.push({ target, message });
  }
  const final = error.lastLines
    .map((l) => /^ERROR: (?:failed to build: )?failed to solve: (.+)$/.exec(l)?.[1])
    .find((m) => m !== undefined);
  const root = vertexErrors.filter((e) => final && !CANCELLED.test(final) && e.message === final);
  if (root.length) return root.map((e) => e.target);

  // A target stopped because another failed reports `context canceled`: not a cause.
  const stepTarget = error.step && /^\[([^\s\]]+)[\s\]]/.exec(error.step)?.[1];
  const cancelled = error.lastLines.some((l) => CANCELLED.test(l));
  if (stepTarget && targets.includes(stepTarget) && !cancelled) return [stepTarget];

  const failedVertices = vertexErrors.filter((e) => !CANCELLED.test(e.message));
  if (failedVertices.length) return failedVertices.map((e) => e.target);

  const found: string[] = [];
  for (const line of error.lastLines) {
    const file = /^\(?(\S+?):\d+\)?$/.exec(line.trim())?.[1];
    if (!file) continue;
    const users = targets.filter((t) => sameFile(images[t]?.dockerfile, file));
    if (users.length === 1) found.push(users[0] as string);
  }
  return found;
}

const CANCELLED = /\bcontext canceled\b|\bcanceled\b$/i;

function sameFile(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const norm = (p: string) => p.replace(/^\.\//, '');
  return norm(a) === norm(b) || norm(a).endsWith(`/${norm(b)}`) || norm(b).endsWith(`/${norm(a)}`);
}
