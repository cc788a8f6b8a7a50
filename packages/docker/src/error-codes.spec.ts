// Every typed error code in the source has an entry in docs/troubleshooting.md, and the
// guide names no code that is gone. Codes are found in the source (`readonly code = '…'`
// in packages/*/src), so a new error class is covered without editing this file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
const guide = readFileSync(join(repo, 'docs/troubleshooting.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$|\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** `code` → the file declaring it. */
function declaredCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const pkg of readdirSync(join(repo, 'packages'))) {
    const src = join(repo, 'packages', pkg, 'src');
    if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const file of sourceFiles(src))
      for (const m of readFileSync(file, 'utf8').matchAll(/readonly code = '([A-Z][A-Z0-9_]*)'/g))
        codes.set(m[1] as string, file.slice(repo.length + 1));
  }
  return codes;
}

const entries = [...guide.matchAll(/^### `([A-Z][A-Z0-9_]*)`$/gm)].map((m) => m[1] as string);

describe('docs/troubleshooting.md', () => {
  const codes = declaredCodes();

  it('finds the typed errors in the source', () => {
    expect(codes.get('BUILD_FAILED')).toBe('packages/buildx/src/errors/errors.ts');
    expect(codes.get('BUILD_OUTPUT_MISSING')).toMatch(/^packages\/docker\/src\//);
    expect(codes.size).toBeGreaterThanOrEqual(13);
  });

  it.each([...codes].map(([code, file]) => [code, file]))(
    'has an entry for %s (declared in %s)',
    (code) => {
      expect(entries).toContain(code);
    },
  );

  it('names no code that the source does not declare, and each once', () => {
    expect(entries.filter((c) => !codes.has(c))).toEqual([]);
    expect(entries.length).toBe(new Set(entries).size);
  });

  it('says what to do in every entry', () => {
    const sections = guide.split(/^### /m).slice(1);
    for (const s of sections)
      expect(s.split('\n').filter((l) => l.trim()).length).toBeGreaterThan(2);
  });
});
