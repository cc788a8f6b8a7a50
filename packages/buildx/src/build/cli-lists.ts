/**
 * Nx splits a command-line value of a list option at its commas, so
 * `--outputs=type=local,dest=out` arrives as `['type=local', 'dest=out']` and
 * `--cacheTo='["type=local,dest=x"]'` as `['["type=local', 'dest=x"]']`. For options
 * whose entries are CSV (`type=…,key=value`), this puts such fragments back together:
 * an entry that is a bare `key=value` other than `type=…` continues the one before it,
 * and a list that spells a JSON array is read as one.
 */
export function rejoinCsvFragments<T>(entries: T[]): T[] {
  const texts = entries.every((e): e is T & string => typeof e === 'string');
  if (texts && entries.length > 1) {
    const joined = entries.join(',');
    if (joined.startsWith('[') && joined.endsWith(']')) {
      try {
        const parsed: unknown = JSON.parse(joined);
        if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string'))
          return parsed as T[];
      } catch {
        // not JSON after all: fall through to the fragments rule
      }
    }
  }
  const out: T[] = [];
  for (const entry of entries) {
    const prev = out.at(-1);
    if (
      typeof entry === 'string' &&
      typeof prev === 'string' &&
      prev.includes('=') &&
      /^[A-Za-z][\w.-]*=/.test(entry) &&
      !entry.startsWith('type=')
    )
      out[out.length - 1] = `${prev},${entry}` as T;
    else out.push(entry);
  }
  return out;
}
