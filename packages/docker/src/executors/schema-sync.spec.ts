// Keeps each executor's schema.json (what users and Nx read: names, docs, defaults,
// enums) and its zod schema (what validates at run time) in step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { toJSONSchema } from 'zod';
import { dockerBuildSchema } from './docker-build/options';
import { dockerFreshBuildSchema } from './docker-fresh-build/options';
import { dockerPruneSchema } from './docker-prune/options';
import { dockerBakeSchema } from './docker-bake/options';

const zodSchemas: Record<string, z.ZodType> = {
  'docker-build': dockerBuildSchema,
  'docker-fresh-build': dockerFreshBuildSchema,
  'docker-prune': dockerPruneSchema,
  'docker-bake': dockerBakeSchema,
};

type JsonProp = {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  oneOf?: JsonProp[];
  anyOf?: JsonProp[];
};
const executors = JSON.parse(readFileSync(join(__dirname, '../../executors.json'), 'utf8'))
  .executors as Record<string, { schema: string }>;

const typesOf = (p: JsonProp): string[] => {
  const alts = p.oneOf ?? p.anyOf;
  if (alts) return alts.flatMap(typesOf).sort();
  return [p.type ?? 'any'].flat().map((t) => (t === 'integer' ? 'number' : t));
};

describe.each(Object.keys(executors))('%s schema.json and zod schema', (name) => {
  const json = JSON.parse(readFileSync(join(__dirname, name, 'schema.json'), 'utf8')) as {
    properties: Record<string, JsonProp>;
  };
  const zodSchema = zodSchemas[name];
  const fromZod = toJSONSchema(zodSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, JsonProp>;
  };

  it('has a zod schema', () => expect(zodSchema).toBeDefined());

  it('declares the same option names', () => {
    expect(Object.keys(json.properties).sort()).toEqual(Object.keys(fromZod.properties).sort());
  });

  it('documents every option', () => {
    const undocumented = Object.entries(json.properties).filter(([, p]) => !p.description?.trim());
    expect(undocumented.map(([k]) => k)).toEqual([]);
  });

  it.each(Object.keys(json.properties))('%s has the same type, default and enum', (key) => {
    const a = json.properties[key] as JsonProp;
    const b = fromZod.properties[key] as JsonProp;
    expect(typesOf(a)).toEqual(typesOf(b));
    expect(a.default).toEqual(b.default);
    expect(a.enum).toEqual(b.enum);
  });
});
