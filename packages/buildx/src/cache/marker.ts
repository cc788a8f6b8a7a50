import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_MARKER } from './local-layout';

export { CACHE_MARKER };

/**
 * The file that says "nx-buildx made this directory": the plugin only ever removes or
 * replaces a directory that carries it (docs/architecture.md, "Safety rules"). BuildKit's local
 * exporter accepts a pre-created `dest` holding it and keeps it (checked on buildx 0.13),
 * so a swapped-in cache carries the marker of the directory it was exported into.
 */
const CONTENT = `${JSON.stringify({ tool: 'nx-buildx', kind: 'local-cache' })}\n`;

export async function writeCacheMarker(dir: string): Promise<void> {
  await writeFile(join(dir, CACHE_MARKER), CONTENT);
}

/** Whether `dir` carries the plugin's marker (a directory the plugin created). */
export async function hasCacheMarker(dir: string): Promise<boolean> {
  const text = await readFile(join(dir, CACHE_MARKER), 'utf8').catch(() => undefined);
  return text !== undefined && text.includes('"tool":"nx-buildx"');
}
