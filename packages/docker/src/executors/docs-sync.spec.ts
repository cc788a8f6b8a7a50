// docs/executors/*.md, docs/generators/*.md and the links in the package README are
// generated from the schema.json of every executor and generator the package declares
// (whose executor schemas schema-sync.spec.ts checks against the zod option model).
// Regenerate in memory and compare: else run `npx nx run docker:docs`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const docsTool = require('../../../../tools/schema/generate-docs.js');
const packageDir = resolve(__dirname, '../..');
const docsDir = resolve(__dirname, '../../../../docs');
const expected: Map<string, string> = docsTool.expectedFiles(packageDir, docsDir);
const pages = [...expected.keys()].filter((f) => f.startsWith(docsDir));

describe('generated docs', () => {
  it('has a page for every executor and generator the package declares', () => {
    const declared = (manifest: string, key: string) =>
      Object.keys(JSON.parse(readFileSync(join(packageDir, manifest), 'utf8'))[key] ?? {});
    expect(pages.map((f) => relative(docsDir, f)).sort()).toEqual(
      [
        ...declared('executors.json', 'executors').map((n) => `executors/${n}.md`),
        ...declared('generators.json', 'generators').map((n) => `generators/${n}.md`),
      ].sort(),
    );
  });

  it.each([...expected.keys()].map((f) => [relative(resolve(docsDir, '..'), f), f]))(
    '%s is up to date (else run: npx nx run docker:docs)',
    (_rel, file) => {
      expect(existsSync(file) ? readFileSync(file, 'utf8') : '(missing)').toBe(expected.get(file));
    },
  );

  it('has no page left from an executor or generator that is gone', () => {
    expect(docsTool.strayPages(packageDir, docsDir)).toEqual([]);
  });

  it('gives every option its type, default, description and an example', () => {
    for (const page of pages) {
      const text = expected.get(page) as string;
      const sections = text.split('\n### ').slice(1);
      expect(sections.length).toBeGreaterThan(0);
      for (const s of sections) {
        expect(s).toMatch(/\n- Type: `[^`]+`/);
        expect(s).toMatch(/\n- Default: /);
        expect(s).toMatch(/\nExample: `"\w+": .+`/);
      }
    }
  });
});

describe('generate-docs on a package with a generator', () => {
  // Generators are added by other work in parallel: the tool must find them by itself.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-buildx-docs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a page for a generator declared in generators.json, with its options', () => {
    mkdirSync(join(dir, 'src/generators/init'), { recursive: true });
    writeFileSync(
      join(dir, 'generators.json'),
      JSON.stringify({
        generators: {
          init: {
            factory: './dist/generators/init/generator',
            schema: './dist/generators/init/schema.json',
            description: 'Adds the plugin.',
          },
        },
      }),
    );
    writeFileSync(
      join(dir, 'src/generators/init/schema.json'),
      JSON.stringify({
        title: 'init',
        description: 'Adds the plugin to nx.json.',
        type: 'object',
        properties: {
          registry: { type: 'string', description: 'Registry, e.g. ghcr.io/acme.' },
          skipFormat: { type: 'boolean', default: false, description: 'Do not format.' },
        },
        required: ['registry'],
      }),
    );
    const files: Map<string, string> = docsTool.expectedFiles(dir, join(dir, 'docs'));
    const page = files.get(join(dir, 'docs/generators/init.md'));
    expect(page).toContain('nx g @nx-buildx/docker:init');
    expect(page).toContain('| [`registry`](#registry) | `string` (required) | — |');
    expect(page).toContain('Example: `"registry": "ghcr.io/acme"`');
    expect(page).toContain('Example: `"skipFormat": true`');
    expect(files.get(join(dir, 'README.md'))).toContain(
      '](docs/generators/init.md): Adds the plugin.',
    );
  });
});

describe('typeOf', () => {
  it.each([
    [{ type: 'array', items: { type: 'string' } }, 'string[]'],
    [{ enum: ['a', 'b'] }, '"a" | "b"'],
    [{ oneOf: [{ type: 'boolean' }, { type: 'string', 'x-refused': true }] }, 'boolean'],
    [{ type: 'object', additionalProperties: { type: 'string' } }, 'Record<string, string>'],
    [
      { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
      '(string | number)[]',
    ],
  ])('%j is %s', (node, text) => {
    expect(docsTool.typeOf(node)).toBe(text);
  });
});
