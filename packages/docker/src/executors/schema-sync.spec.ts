// Each executor's committed schema.json (what Nx, IDEs and `nx run --help` read) must be
// exactly what its zod schema gives: regenerate in memory, compare byte for byte.
import { FOREIGN_SECRET_ITEM, FOREIGN_VALUE_SHAPES } from '@nx-buildx/buildx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zod from 'zod';
import { dockerBakeSchema } from './docker-bake/options';
import { dockerBuildSchema } from './docker-build/options';
import { dockerFreshBuildSchema } from './docker-fresh-build/options';
import { dockerPruneSchema } from './docker-prune/options';
import { dockerRunSchema } from './docker-run/options';
import { releasePublishSchema } from './release-publish/options';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { schemaText, exportName, toNxSchema } = require('../../../../tools/schema/generate.js');

const zodSchemas: Record<string, zod.ZodType> = {
  dockerBuildSchema,
  dockerFreshBuildSchema,
  dockerPruneSchema,
  dockerBakeSchema,
  dockerRunSchema,
  releasePublishSchema,
};
const hints = { foreign: FOREIGN_VALUE_SHAPES, foreignSecretItem: FOREIGN_SECRET_ITEM };
const executors = Object.keys(
  JSON.parse(readFileSync(join(__dirname, '../../executors.json'), 'utf8')).executors,
);
type Prop = Record<string, unknown> & { oneOf?: Prop[]; items?: Prop };
const committed = (name: string) => readFileSync(join(__dirname, name, 'schema.json'), 'utf8');
const parsed = (name: string) =>
  JSON.parse(committed(name)) as Record<string, unknown> & { properties: Record<string, Prop> };

describe.each(executors)('%s schema.json', (name) => {
  const schema = zodSchemas[exportName(name)];

  it('is generated from the zod schema (else run: npx nx run docker:schema)', () => {
    expect(schema).toBeDefined();
    expect(committed(name)).toBe(schemaText(zod, schema, hints));
  });

  it("has Nx's header, a title and a description", () => {
    const json = parsed(name);
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
    const undocumented = Object.entries(parsed(name).properties).filter(
      ([, p]) => !String(p.description ?? '').trim(),
    );
    expect(undocumented.map(([k]) => k)).toEqual([]);
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
