#!/usr/bin/env node
// Writes each executor's schema.json from its zod schema (the one source of an option's
// name, type, default, enum and description). Run by the docker project's build after
// tsc (on the compiled options modules) and checked by schema-sync.spec.ts:
//   node tools/schema/generate.js packages/docker dist   # the build's copy
//   node tools/schema/generate.js packages/docker src    # the committed copy (nx run docker:schema)
const { readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** The order Nx schema files are read in: what it is, then its shape, then its default. */
const KEY_ORDER = [
  'type',
  'description',
  'enum',
  'items',
  'properties',
  'additionalProperties',
  'required',
  'oneOf',
  'default',
];
/**
 * Left to zod: Nx checks schema.json before the executor runs and its messages would win
 * over ours ("should match the pattern …"), so only types, enums and shapes stay here.
 */
const DROPPED = new Set(['$schema', 'minLength', 'pattern', 'propertyNames', 'format']);

/**
 * The schema.json Nx reads, from `z.toJSONSchema(schema, { io: 'input' })`.
 * - anyOf becomes oneOf: Nx coerces command-line strings only through oneOf.
 * - No top-level additionalProperties: false: an unknown option reaches the executor,
 *   whose message names the right spelling; Nx would only say "not found in schema".
 * - `foreign` (option → JSON schema) adds another tool's shape as a second branch, so Nx
 *   lets `tags: "a,b"` through to the executor, which says how to write it here.
 */
function toNxSchema(json, { foreign = {}, foreignSecretItem } = {}) {
  const properties = {};
  for (const [name, prop] of Object.entries(json.properties ?? {})) {
    let p = clean(prop);
    if (foreign[name]) {
      const { description, default: dflt, ...shape } = p;
      p = { description, oneOf: [shape, { ...foreign[name], 'x-refused': true }], default: dflt };
    }
    if (name === 'secrets' && foreignSecretItem && p.items)
      p = { ...p, items: { oneOf: [p.items, { ...foreignSecretItem, 'x-refused': true }] } };
    properties[name] = ordered(p);
  }
  return {
    $schema: 'https://json-schema.org/schema',
    version: 2,
    title: json.title,
    description: json.description,
    cli: 'nx',
    type: 'object',
    properties,
    ...(json.required?.length ? { required: json.required } : {}),
  };
}

function clean(node) {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k)) continue;
    out[k === 'anyOf' ? 'oneOf' : k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, ordered(clean(s))]))
        : k === 'default' || k === 'enum'
          ? v
          : clean(v);
  }
  return ordered(out);
}

function ordered(node) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const rank = (k) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  const keys = Object.keys(node)
    .filter((k) => node[k] !== undefined)
    .sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, node[k]]));
}

/** The text of a schema.json: two-space JSON and a final newline. */
function schemaText(zod, schema, hints) {
  const json = zod.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify(toNxSchema(json, hints), null, 2)}\n`;
}

/** `docker-fresh-build` → `dockerFreshBuildSchema`, the export each options module has. */
function exportName(executor) {
  return `${executor.replace(/-([a-z])/g, (_, c) => c.toUpperCase())}Schema`;
}

function main([packageDir = 'packages/docker', out = 'dist'] = []) {
  const root = resolve(packageDir);
  const fromPackage = (id) => require(require.resolve(id, { paths: [root] }));
  const zod = fromPackage('zod');
  const { FOREIGN_VALUE_SHAPES, FOREIGN_SECRET_ITEM } = fromPackage('@nx-buildx/buildx');
  const hints = { foreign: FOREIGN_VALUE_SHAPES, foreignSecretItem: FOREIGN_SECRET_ITEM };
  const { executors } = JSON.parse(readFileSync(join(root, 'executors.json'), 'utf8'));
  for (const name of Object.keys(executors)) {
    const options = require(join(root, 'dist/executors', name, 'options.js'));
    const schema = options[exportName(name)];
    if (!schema)
      throw new Error(`dist/executors/${name}/options.js exports no ${exportName(name)}`);
    writeFileSync(
      join(root, out, 'executors', name, 'schema.json'),
      schemaText(zod, schema, hints),
    );
  }
  // Generators: dist/generators/<name>/options.js exports <name>Schema the same way.
  const { generators = {} } = JSON.parse(readFileSync(join(root, 'generators.json'), 'utf8'));
  for (const name of Object.keys(generators)) {
    const options = require(join(root, 'dist/generators', name, 'options.js'));
    const schema = options[exportName(name)];
    if (!schema)
      throw new Error(`dist/generators/${name}/options.js exports no ${exportName(name)}`);
    writeFileSync(join(root, out, 'generators', name, 'schema.json'), schemaText(zod, schema));
  }
}

module.exports = { toNxSchema, schemaText, exportName };
if (require.main === module) main(process.argv.slice(2));
