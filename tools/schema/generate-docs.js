#!/usr/bin/env node
// Writes docs/executors/<name>.md and docs/generators/<name>.md from the schema.json of
// every executor and generator the package declares (executors.json, generators.json),
// and the list of links in the package README. Executors' schema.json files are what
// generate.js makes from the zod option model (schema-sync.spec.ts keeps them equal), so
// the docs come from the same source as the code. Checked by docs-sync.spec.ts:
//   node tools/schema/generate-docs.js packages/docker docs   # (npx nx run docker:docs)
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

const PACKAGE_NAME = '@nx-buildx/docker';
const README_START = '<!-- generated:docs-links (tools/schema/generate-docs.js) -->';
const README_END = '<!-- /generated:docs-links -->';

/**
 * The kinds of entry a package declares: where they are listed, the docs folder, and how
 * a user runs one. Generators of the package are found here, whoever adds them.
 */
const KINDS = [
  {
    kind: 'executors',
    manifest: 'executors.json',
    heading: 'Executor',
    usage: (name, required) =>
      [
        'In `project.json`:',
        '',
        '```json',
        JSON.stringify(
          { targets: { [name]: { executor: `${PACKAGE_NAME}:${name}`, options: required } } },
          null,
          2,
        ),
        '```',
        '',
        `Options given on the command line override them: \`nx run <project>:${name} --<option>=<value>\`.`,
      ].join('\n'),
  },
  {
    kind: 'generators',
    manifest: 'generators.json',
    heading: 'Generator',
    usage: (name) =>
      [
        '```sh',
        `nx g ${PACKAGE_NAME}:${name} --<option>=<value>`,
        `nx g ${PACKAGE_NAME}:${name} --dry-run   # shows the files it would change`,
        '```',
      ].join('\n'),
  },
];

/** `./dist/executors/x/schema.json` → the committed `src/...` copy (dist is built). */
function schemaFile(packageDir, declared) {
  const src = join(packageDir, declared.replace(/^\.\/dist\//, './src/'));
  return existsSync(src) ? src : join(packageDir, declared);
}

/** Every entry a package declares, with its parsed schema.json. */
function entries(packageDir) {
  const out = [];
  for (const k of KINDS) {
    const manifestPath = join(packageDir, k.manifest);
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))[k.kind] ?? {};
    for (const [name, entry] of Object.entries(manifest)) {
      if (!entry.schema) throw new Error(`${k.manifest}: ${name} declares no schema`);
      const schema = JSON.parse(readFileSync(schemaFile(packageDir, entry.schema), 'utf8'));
      out.push({ ...k, name, description: entry.description, schema });
    }
  }
  return out;
}

/** A JSON-schema node as a short type: `string[]`, `"a" | "b"`, `Record<string, string>`. */
function typeOf(node) {
  if (!node || typeof node !== 'object') return 'any';
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  const branches = node.oneOf ?? node.anyOf;
  if (branches) {
    // Shapes of other tools are let through only to be explained, not offered.
    return [...new Set(branches.filter((b) => !b['x-refused']).map(typeOf))].join(' | ');
  }
  const t = Array.isArray(node.type) ? node.type.join(' | ') : node.type;
  if (t === 'array') return `${wrap(typeOf(node.items))}[]`;
  if (t === 'object') {
    if (node.properties) return 'object';
    if (node.additionalProperties && typeof node.additionalProperties === 'object')
      return `Record<string, ${typeOf(node.additionalProperties)}>`;
    return 'object';
  }
  return t ?? 'any';
}

const wrap = (t) => (t.includes('|') ? `(${t})` : t);

/**
 * A value to show in the example: the schema's own `examples`, else one the description
 * gives after "e.g.", else one that differs from the default (the other enum value, the
 * other boolean), else the default.
 */
function exampleOf(node, name = 'value') {
  if (Array.isArray(node.examples) && node.examples.length) return node.examples[0];
  const branch = node.oneOf?.find((b) => Array.isArray(b.examples) && !b['x-refused']);
  if (branch) return branch.examples[0];
  const type = typeOf(node);
  const eg = /\be\.g\.\s+([^\s;()]+?)(?:[.,;)]?(?:\s|$))/.exec(node.description ?? '')?.[1];
  if (node.enum) return node.enum.find((v) => v !== node.default) ?? node.enum[0];
  if (type === 'boolean' || type.startsWith('boolean')) return node.default !== true;
  if (type.startsWith('Record<')) {
    const [k, v] = (eg ?? 'KEY=value').split('=');
    return { [k]: v ?? 'value' };
  }
  if (type.endsWith('[]') || type.includes('[] ')) {
    if (eg) return [eg];
    if (Array.isArray(node.default) && node.default.length) return node.default;
    const item = (node.items ?? node.oneOf?.find((b) => b.type === 'array')?.items) || {};
    return [item.type === 'object' ? exampleObject(item) : `<${name}>`];
  }
  if (type === 'object') return exampleObject(node);
  if (type === 'number' || type === 'integer') return node.default ?? (Number(eg) || 1);
  if (eg) return eg;
  return node.default ?? `<${name}>`;
}

function exampleObject(node) {
  const required = node.required ?? Object.keys(node.properties ?? {}).slice(0, 1);
  return Object.fromEntries(
    required.map((k) => [k, exampleOf(node.properties?.[k] ?? { type: 'string' }, k)]),
  );
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const codeCell = (text) => `\`${cell(text)}\``;
const code = (value) => `\`${JSON.stringify(value)}\``;

function defaultText(node) {
  if (node.default !== undefined) return code(node.default);
  if (/\bDefault:/.test(node.description ?? '')) return 'computed (see below)';
  return '—';
}

/** Description text as markdown: `<id>` and the like would be read as HTML tags. */
const prose = (text) => (text ?? '').replace(/[<>]/g, (c) => `\\${c}`);

/** The object an option is, or holds a list of (offered branches only). */
function objectShape(node) {
  if (!node || typeof node !== 'object') return undefined;
  if (node.properties) return node;
  const branches = (node.oneOf ?? node.anyOf ?? []).filter((b) => !b['x-refused']);
  for (const b of [node.items, ...branches]) {
    const shape = objectShape(b);
    if (shape) return shape;
  }
  return undefined;
}

/** One option's section: type, default, description, example, nested fields. */
function optionSection(name, node, required) {
  const lines = [`### \`${name}\``, ''];
  lines.push(
    `- Type: \`${typeOf(node)}\`${required ? ' (required)' : ''}`,
    `- Default: ${defaultText(node)}`,
    '',
    prose(node.description),
    '',
    `Example: \`"${name}": ${JSON.stringify(exampleOf(node, name))}\``,
    '',
  );
  const shape = objectShape(node);
  if (shape) {
    lines.push('Fields:', '');
    const req = new Set(shape.required ?? []);
    for (const [k, v] of Object.entries(shape.properties))
      lines.push(
        `- \`${k}\` (\`${typeOf(v)}\`${req.has(k) ? ', required' : ''}${v.default !== undefined ? `, default ${code(v.default)}` : ''}): ${prose(v.description)}`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

/** The markdown page of one executor or generator. */
function pageText(entry) {
  const { schema, name, heading } = entry;
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const requiredExample = Object.fromEntries(
    [...required].map((k) => [k, exampleOf(props[k] ?? {}, k)]),
  );
  const out = [
    `# ${heading}: \`${PACKAGE_NAME}:${name}\``,
    '',
    `<!-- Generated from the option model by tools/schema/generate-docs.js: edit the option descriptions in the code and run \`npx nx run docker:docs\`. -->`,
    '',
    prose(schema.description ?? entry.description),
    '',
    entry.usage(name, requiredExample),
    '',
    '## Options',
    '',
    '| Option | Type | Default |',
    '|---|---|---|',
    ...Object.entries(props).map(
      ([k, v]) =>
        `| [\`${k}\`](#${k.toLowerCase()}) | ${codeCell(typeOf(v))}${required.has(k) ? ' (required)' : ''} | ${cell(defaultText(v))} |`,
    ),
    '',
    ...Object.entries(props).map(([k, v]) => optionSection(k, v, required.has(k))),
  ];
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The README block that links every page. */
function readmeBlock(list, readmeDir, docsDir) {
  const link = (e) =>
    `- [\`${PACKAGE_NAME}:${e.name}\`](${relative(readmeDir, join(docsDir, e.kind, `${e.name}.md`))}): ${e.description ?? e.schema.description ?? ''}`;
  const section = (kind, title) => {
    const items = list.filter((e) => e.kind === kind);
    return items.length ? [`${title}:`, '', ...items.map(link), ''] : [];
  };
  return [
    README_START,
    ...section('executors', 'Executors (every option, its type, default and an example)'),
    ...section('generators', 'Generators'),
    README_END,
  ].join('\n');
}

/**
 * Every generated file, path → text: the pages, and the README with its block replaced
 * (or added at the end).
 */
function expectedFiles(packageDir, docsDir) {
  const list = entries(packageDir);
  const files = new Map();
  for (const e of list) files.set(join(docsDir, e.kind, `${e.name}.md`), pageText(e));
  const readme = join(packageDir, 'README.md');
  const current = existsSync(readme) ? readFileSync(readme, 'utf8') : `# ${PACKAGE_NAME}\n`;
  const block = readmeBlock(list, packageDir, docsDir);
  const start = current.indexOf(README_START);
  const end = current.indexOf(README_END);
  files.set(
    readme,
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + README_END.length)
      : `${current.trimEnd()}\n\n## Reference\n\n${block}\n`,
  );
  return files;
}

/** Generated pages that no entry declares any more (a renamed or removed executor). */
function strayPages(packageDir, docsDir) {
  const wanted = new Set(expectedFiles(packageDir, docsDir).keys());
  return KINDS.flatMap(({ kind }) => {
    const dir = join(docsDir, kind);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(dir, f))
      .filter((f) => !wanted.has(f));
  });
}

function main([packageDir = 'packages/docker', docsDir = 'docs'] = []) {
  const pkg = resolve(packageDir);
  const docs = resolve(docsDir);
  for (const f of strayPages(pkg, docs)) rmSync(f);
  for (const [file, text] of expectedFiles(pkg, docs)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

module.exports = { expectedFiles, strayPages, pageText, typeOf, exampleOf, entries };
if (require.main === module) main(process.argv.slice(2));
