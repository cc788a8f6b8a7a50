// Each executor's and generator's committed schema.json (what Nx, IDEs, `nx run --help` and
// `nx g --help` read) must be exactly what its zod schema gives: regenerate in memory,
// compare byte for byte. Entries come from executors.json and generators.json, and each
// options module is loaded from its folder, so a new generator only adds its entry.
import { FOREIGN_SECRET_ITEM, FOREIGN_VALUE_SHAPES } from '@nx-buildx/buildx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zod from 'zod';
import { dockerBuildSchema } from '../image/options';

/* eslint-disable @typescript-eslint/no-require-imports */
const {
  schemaText,
  exportName,
  toNxSchema,
  schemaEntries,
} = require('../../../../tools/schema/generate.js');

const packageRoot = join(__dirname, '../..');
const entries: [kind: string, name: string][] = schemaEntries(packageRoot);
const zodSchemaOf = (kind: string, name: string): zod.ZodType | undefined =>
  require(join(packageRoot, 'src', kind, name, 'options'))[exportName(name)];
/* eslint-enable @typescript-eslint/no-require-imports */
const hints = { foreign: FOREIGN_VALUE_SHAPES, foreignSecretItem: FOREIGN_SECRET_ITEM };
type Prop = Record<string, unknown> & { oneOf?: Prop[]; items?: Prop };
const committed = (name: string, kind = 'executors') =>
  readFileSync(join(packageRoot, 'src', kind, name, 'schema.json'), 'utf8');
const parsed = (name: string, kind = 'executors') =>
  JSON.parse(committed(name, kind)) as Record<string, unknown> & {
    properties: Record<string, Prop>;
    required?: string[];
  };

it('covers every executor and generator', () => {
  expect(entries.filter(([kind]) => kind === 'executors').map(([, n]) => n)).toEqual(
    expect.arrayContaining(['docker-build', 'docker-fresh-build', 'docker-prune', 'docker-bake']),
  );
  expect(entries.filter(([kind]) => kind === 'generators').map(([, n]) => n)).toContain('init');
});

describe.each(entries)('%s/%s schema.json', (kind, name) => {
  const schema = zodSchemaOf(kind, name);

  it('is generated from the zod schema (else run: npx nx run docker:schema)', () => {
    expect(schema).toBeDefined();
    expect(committed(name, kind)).toBe(schemaText(zod, schema, kind === 'executors' ? hints : {}));
  });

  it("has Nx's header, a title and a description", () => {
    const json = parsed(name, kind);
    expect(json).toMatchObject({
      $schema: 'https://json-schema.org/schema',
      version: 2,
      title: name,
      cli: 'nx',
      type: 'object',
    });
    expect(String(json.description).length).toBeGreaterThan(20);
  });

  it('documents every option', () => {
    const undocumented = Object.entries(parsed(name, kind).properties).filter(
      ([, p]) => !String(p.description ?? '').trim(),
    );
    expect(undocumented.map(([k]) => k)).toEqual([]);
  });

  it('prompts for every value a generator needs (required, no default)', () => {
    const json = parsed(name, kind);
    const needed = kind === 'generators' ? (json.required ?? []) : [];
    const unprompted = needed.filter((key) => {
      const p = json.properties[key] ?? {};
      return p.default === undefined && p.$default === undefined && !p['x-prompt'];
    });
    expect(unprompted).toEqual([]);
  });
});

describe('generators.json', () => {
  const { generators } = JSON.parse(readFileSync(join(packageRoot, 'generators.json'), 'utf8')) as {
    generators: Record<string, { factory: string; schema: string; description: string }>;
  };

  it.each(Object.entries(generators))(
    '%s points at its built factory and schema and says what it does',
    (name, entry) => {
      expect(entry.factory).toBe(`./dist/generators/${name}/generator`);
      expect(entry.schema).toBe(`./dist/generators/${name}/schema.json`);
      expect(entry.description.length).toBeGreaterThan(20);
    },
  );

  it('has init, which `nx add @nx-buildx/docker` runs', () => {
    expect(generators.init).toBeDefined();
  });
});

describe('what comes through from zod', () => {
  const build = parsed('docker-build').properties;
  const fresh = parsed('docker-fresh-build').properties;

  it('docker-fresh-build has every docker-build option, the same, plus its own', () => {
    expect(Object.keys(fresh)).toEqual([...Object.keys(build), 'mode', 'stages', 'bustArg']);
    for (const key of Object.keys(build)) expect(fresh[key]).toEqual(build[key]);
  });

  it('docker-build has every option of buildx build, with the plugin defaults', () => {
    const core = Object.keys(
      (zod.toJSONSchema(dockerBuildSchema, { io: 'input' }) as { properties: object }).properties,
    );
    expect(Object.keys(build)).toEqual(core);
    expect(build.tags?.default).toEqual(['latest']);
    expect(build.context?.default).toBe('.');
    expect(build.load?.default).toBeUndefined();
    expect(build.progress).toMatchObject({ enum: ['auto', 'plain', 'tty', 'quiet', 'rawjson'] });
    expect(build.progress?.default).toBeUndefined();
    expect(build.cacheStrategy).toMatchObject({
      enum: expect.arrayContaining(['auto']),
      default: 'auto',
    });
  });

  it('nested shapes keep their fields, required keys and additionalProperties: false', () => {
    expect(build.cacheS3).toMatchObject({
      type: 'object',
      required: ['bucket', 'region'],
      additionalProperties: false,
      properties: { attrs: { type: 'object', default: {} } },
    });
    expect(build.secrets?.items?.oneOf?.[0]).toMatchObject({
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: { type: 'string' }, src: { type: 'string' }, env: { type: 'string' } },
    });
  });

  it('string maps take numbers and booleans (Nx reads --buildArgs.X=12 as a number)', () => {
    for (const key of ['buildArgs', 'labels', 'cacheRegistryAttrs'])
      expect(build[key]?.oneOf?.[0]).toEqual({
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      });
  });

  it("lets other tools' shapes through Nx (marked refused) so the executor can explain them", () => {
    expect(build.tags?.oneOf?.[1]).toEqual({ type: 'string', 'x-refused': true });
    expect(build.buildArgs?.oneOf?.[1]).toMatchObject({ type: 'array', 'x-refused': true });
    expect(build.secrets?.items?.oneOf?.[1]).toEqual({ type: 'string', 'x-refused': true });
  });

  it('leaves patterns and lengths to zod, whose messages name the value', () => {
    const text = committed('docker-build');
    expect(text).not.toMatch(/"pattern"|"minLength"|"propertyNames"/);
  });
});

describe('toNxSchema', () => {
  it('turns anyOf into oneOf (Nx coerces command-line values only through oneOf)', () => {
    const out = toNxSchema({
      title: 't',
      description: 'd',
      properties: { p: { anyOf: [{ type: 'boolean' }, { type: 'string', minLength: 1 }] } },
    });
    expect(out.properties.p).toEqual({ oneOf: [{ type: 'boolean' }, { type: 'string' }] });
    expect(out).not.toHaveProperty('additionalProperties');
  });
});
