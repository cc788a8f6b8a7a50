import { errorFromResult } from '../errors/from-output';
import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';
import { parsePrintedSize } from './units';
import { parseTotal } from './prune';

/** One build-cache record of `docker buildx du --verbose`. */
export interface CacheRecord {
  id: string;
  description?: string;
  sizeBytes: number;
  reclaimable: boolean;
  shared: boolean;
  mutable: boolean;
  type?: string;
  lastUsed?: string;
  usageCount?: number;
}

export interface DiskUsage {
  records: CacheRecord[];
  reclaimableBytes: number;
  totalBytes: number;
}

/** Parses `docker buildx du --verbose` (fixture: __fixtures__/du-verbose.txt). */
export function parseDuVerbose(output: string): DiskUsage {
  const records: CacheRecord[] = [];
  for (const block of output.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z][A-Za-z ]*):\s*(.*)$/.exec(line);
      if (m) fields.set(m[1] as string, (m[2] as string).trim());
    }
    const id = fields.get('ID');
    if (!id) continue;
    records.push({
      id,
      description: fields.get('Description'),
      sizeBytes: parsePrintedSize(fields.get('Size') ?? '0B'),
      reclaimable: fields.get('Reclaimable') === 'true',
      shared: fields.get('Shared') === 'true',
      mutable: fields.get('Mutable') === 'true',
      type: fields.get('Type'),
      lastUsed: fields.get('Last used'),
      usageCount: fields.has('Usage count') ? Number(fields.get('Usage count')) : undefined,
    });
  }
  return {
    records,
    reclaimableBytes: parseTotal(output, 'Reclaimable'),
    totalBytes: parseTotal(output, 'Total'),
  };
}

/** `docker buildx du --verbose`: every cache record, and what could be reclaimed. */
export async function diskUsage(
  o: { builder?: string; filters?: string[]; runner?: ProcessRunner } = {},
): Promise<DiskUsage> {
  const args = ['buildx', 'du', '--verbose'];
  if (o.builder) args.push('--builder', o.builder);
  for (const f of o.filters ?? []) args.push('--filter', f);
  const result = await (o.runner ?? execaRunner).run('docker', args);
  if (result.exitCode !== 0) throw errorFromResult('docker buildx du', result);
  return parseDuVerbose(result.stdout);
}
