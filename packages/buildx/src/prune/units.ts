import { InvalidOptionError } from '../errors/errors';

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * A size users write (`5GB`, `512mb`, `1.5 GiB`, `1073741824`) in bytes. Like the
 * docker CLI's `--keep-storage`, units are binary (1GB = 1024³ bytes).
 */
export function parseSize(text: string, option = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const unit = m ? (m[2] ?? '').toLowerCase() || 'b' : '';
  const factor = SIZE_UNITS[unit];
  if (!m || factor === undefined) {
    throw new InvalidOptionError([
      {
        path: option,
        message: `"${text}" is not a size; write a number with a unit, e.g. 500MB, 5GB or 1TB`,
      },
    ]);
  }
  return Math.round(Number(m[1]) * factor);
}

const DECIMAL: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15 };
const BINARY: Record<string, number> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * A size as docker *prints* it (`264.6MB`, `4.096kB`, `0B`): decimal units, as go-units'
 * HumanSize writes them; binary `MiB`-style units are read too.
 */
export function parsePrintedSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  const unit = (m?.[2] ?? '').toLowerCase();
  const factor = DECIMAL[unit] ?? BINARY[unit];
  if (!m || factor === undefined) throw new Error(`cannot read the size "${text}"`);
  return Math.round(Number(m[1]) * factor);
}

/** Bytes for people: 1536 → "1.5 KiB"; binary units, one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return i === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[i]}`;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * A duration users write (`7d`, `36h`, `1w2d`, `90m`) in seconds. Days and weeks are
 * ours: buildx's filters take Go durations, which stop at hours.
 */
export function parseDuration(text: string, option = 'duration'): number {
  const trimmed = String(text).trim().toLowerCase();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (!trimmed || parts.length === 0 || consumed !== trimmed) {
    throw new InvalidOptionError([
      { path: option, message: `"${text}" is not a duration; write e.g. 7d, 36h, 90m or 1w2d` },
    ]);
  }
  return Math.round(
    parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS[p[2] as string] ?? 0), 0),
  );
}

/** Seconds as a Go duration buildx accepts (`until=168h`). */
export function toGoDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
