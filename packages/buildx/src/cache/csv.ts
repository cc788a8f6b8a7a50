/**
 * The CSV dialect buildx parses `--cache-from`, `--secret`, `--output`… with (Go's
 * encoding/csv): fields split on commas, a field with a comma or quote is wrapped in
 * double quotes, and quotes inside are doubled.
 */
export function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) throw new Error(`unterminated quote in "${text}"`);
  fields.push(field);
  return fields;
}

export function joinCsv(fields: readonly string[]): string {
  return fields.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

/** `key=value,key2=value2` → ordered pairs; splits each field on its first `=` only. */
export function parseKeyValues(text: string): Array<[string, string]> {
  return splitCsv(text).map((field) => {
    const eq = field.indexOf('=');
    if (eq <= 0) throw new Error(`"${field}" is not key=value`);
    return [field.slice(0, eq).trim(), field.slice(eq + 1)];
  });
}

export function formatKeyValues(pairs: ReadonlyArray<readonly [string, string]>): string {
  return joinCsv(pairs.map(([k, v]) => `${k}=${v}`));
}
