/** Something migrate could not carry over, said once, on one line. */
export interface Note {
  /** Where it was: `api:container`, `nx.json @nx/docker`. */
  where: string;
  /** The option (or entry) as the user wrote it. */
  option: string;
  /** Why it was not converted and what to do instead. */
  why: string;
}

export const noteLine = (n: Note): string => `${n.where} ${n.option}: ${n.why}`;

/** Options in our shape, and what could not be converted. */
export interface Converted {
  options: Record<string, unknown>;
  notes: Note[];
}

/** `$VAR` / `${VAR}`: nx-container fills these from the environment at run time. */
export const ENV_REF = /\$\{?[A-Za-z0-9_]+\}?/;

/** A list option as nx-container reads it: an array, or text split on newlines (and commas). */
export function listOf(value: unknown, commas: boolean): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value !== 'string') return undefined;
  return value
    .split(commas ? /[\n,]/ : /\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `KEY=value` entries → a map; entries without `=` are returned apart. */
export function mapOf(entries: readonly string[]): {
  map: Record<string, string>;
  bad: string[];
} {
  const map: Record<string, string> = {};
  const bad: string[] = [];
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq <= 0) bad.push(e);
    else map[e.slice(0, eq).trim()] = e.slice(eq + 1);
  }
  return { map, bad };
}
