import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { contextFiles } from './files';

/** Above this many bytes sent, a context is worth a warning (BuildKit counts in SI units). */
export const LARGE_CONTEXT_BYTES = 50e6;

/** A local context directory (not a URL, a git ref or `-` for stdin), resolved from cwd. */
export function localContextDir(context: string, cwd: string): string | undefined {
  if (context === '-' || /^[a-z][\w+.-]*:\/\//i.test(context) || context.startsWith('git@'))
    return undefined;
  return resolve(cwd, context);
}

/** True when `dir` is not the workspace root or inside it (`../..`, `/`, a home dir). */
export function isOutside(dir: string, workspaceRoot: string): boolean {
  const rel = relative(resolve(workspaceRoot), resolve(dir));
  return rel === '..' || rel.startsWith(`..${'/'}`) || rel.startsWith('..\\') || isAbsolute(rel);
}

/**
 * The top-level entries of a context by the bytes Docker would send (its .dockerignore
 * applied, through {@link contextFiles}), largest first.
 */
export async function largestEntries(
  contextDir: string,
  o: { dockerfile?: string; limit?: number } = {},
): Promise<Array<{ path: string; bytes: number }>> {
  const sizes = new Map<string, number>();
  for (const rel of await contextFiles(contextDir, { dockerfile: o.dockerfile })) {
    const top = rel.includes('/') ? `${rel.split('/')[0]}/` : rel;
    const size = (await stat(join(contextDir, rel)).catch(() => undefined))?.size ?? 0;
    sizes.set(top, (sizes.get(top) ?? 0) + size);
  }
  return [...sizes]
    .map(([path, bytes]) => ({ path, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, o.limit ?? 5);
}

/** The warning for a large context: what was sent, where it comes from, how to ignore it. */
export function largeContextMessage(
  context: string,
  sentBytes: number,
  top: ReadonlyArray<{ path: string; bytes: number }>,
  hasDockerignore: boolean,
): string {
  const lines = top.map((t) => `  ${si(t.bytes).padStart(9)}  ${t.path}`);
  // Suggest only the directories that make up a real share of it, not every one.
  const total = top.reduce((n, t) => n + t.bytes, 0);
  const dirs = top
    .filter((t) => t.path.endsWith('/') && t.bytes >= total / 4)
    .map((t) => t.path.replace(/\/$/, ''));
  return [
    `the build sent a ${si(sentBytes)} context (${context}); the largest entries Docker may send from it:`,
    ...lines,
    `List what the image does not need in ${hasDockerignore ? 'the' : 'a new'} .dockerignore at the context root${dirs.length ? ` (e.g. ${dirs.join(', ')})` : ''}, or COPY only what the image needs.`,
  ].join('\n');
}

/** Sizes in BuildKit's own (SI) units, so they compare with its progress lines. */
function si(n: number): string {
  const [unit, div] =
    n >= 1e9 ? ['GB', 1e9] : n >= 1e6 ? ['MB', 1e6] : n >= 1e3 ? ['kB', 1e3] : ['B', 1];
  return div === 1 ? `${n} B` : `${(n / div).toFixed(1)} ${unit}`;
}
