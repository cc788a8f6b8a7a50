import { InvalidOptionError } from '../errors/errors';
import { formatKeyValues, parseKeyValues } from './csv';

/** The cache backends buildx knows. */
export const CACHE_TYPES = ['inline', 'local', 'registry', 'gha', 's3', 'azblob'] as const;
export type CacheType = (typeof CACHE_TYPES)[number];

/** One `--cache-from` / `--cache-to` value as a typed model rather than a glued string. */
export interface CacheEntry {
  type: CacheType;
  /** Attributes after `type`, in order (e.g. `ref`, `mode`, `dest`). */
  attrs: Record<string, string>;
}

/** Attributes an entry cannot work without, per type and direction. */
const REQUIRED: Record<'from' | 'to', Partial<Record<CacheType, string[]>>> = {
  from: { local: ['src'], registry: ['ref'], s3: ['bucket', 'region'], azblob: ['name'] },
  to: { local: ['dest'], registry: ['ref'], s3: ['bucket', 'region'], azblob: ['name'] },
};

/**
 * Parses `type=local,dest=/tmp/c,mode=max` (or a bare image ref, which buildx reads as
 * `type=registry,ref=…`) and checks the attributes that type requires.
 */
export function parseCacheEntry(text: string, direction: 'from' | 'to'): CacheEntry {
  const where = direction === 'from' ? 'cacheFrom' : 'cacheTo';
  const trimmed = text.trim();
  if (!trimmed)
    throw new InvalidOptionError([{ path: where, message: 'a cache entry must not be empty' }]);
  if (!trimmed.includes('='))
    return checked({ type: 'registry', attrs: { ref: trimmed } }, direction);
  let pairs: Array<[string, string]>;
  try {
    pairs = parseKeyValues(trimmed);
  } catch (err) {
    throw new InvalidOptionError([
      { path: where, message: `cannot read "${text}": ${(err as Error).message}` },
    ]);
  }
  const attrs: Record<string, string> = {};
  let type: string | undefined;
  for (const [key, value] of pairs) {
    if (key === 'type') type = value;
    else attrs[key] = value;
  }
  if (!type) {
    throw new InvalidOptionError([
      { path: where, message: `"${text}" has no type=… (one of ${CACHE_TYPES.join(', ')})` },
    ]);
  }
  if (!(CACHE_TYPES as readonly string[]).includes(type)) {
    throw new InvalidOptionError([
      { path: where, message: `unknown cache type "${type}" (one of ${CACHE_TYPES.join(', ')})` },
    ]);
  }
  return checked({ type: type as CacheType, attrs }, direction);
}

export function formatCacheEntry(entry: CacheEntry): string {
  return formatKeyValues([['type', entry.type], ...Object.entries(entry.attrs)]);
}

function checked(entry: CacheEntry, direction: 'from' | 'to'): CacheEntry {
  const missing = (REQUIRED[direction][entry.type] ?? []).filter((k) => !entry.attrs[k]);
  if (missing.length) {
    throw new InvalidOptionError([
      {
        path: direction === 'from' ? 'cacheFrom' : 'cacheTo',
        message: `type=${entry.type} needs ${missing.map((k) => `${k}=…`).join(' and ')} (e.g. ${example(entry.type, direction)})`,
      },
    ]);
  }
  return entry;
}

function example(type: CacheType, direction: 'from' | 'to'): string {
  switch (type) {
    case 'local':
      return direction === 'from'
        ? 'type=local,src=.cache/docker'
        : 'type=local,dest=.cache/docker,mode=max';
    case 'registry':
      return 'type=registry,ref=registry.example.com/app:buildcache';
    case 's3':
      return 'type=s3,region=eu-west-1,bucket=my-cache';
    default:
      return `type=${type},name=…`;
  }
}
