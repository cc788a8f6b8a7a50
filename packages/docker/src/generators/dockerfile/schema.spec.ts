// The committed schema.json (what `nx g --help`, prompts and IDEs read) must be exactly what
// the zod options give: regenerate in memory and compare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zod from 'zod';
import { dockerfileSchema } from './options';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { schemaText } = require('../../../../../tools/schema/generate.js');
const committed = readFileSync(join(__dirname, 'schema.json'), 'utf8');

it('is generated from the zod options (else run: npx nx run docker:schema)', () => {
  expect(committed).toBe(schemaText(zod, dockerfileSchema));
});

it('documents every option and prompts for the project, taken from the first argument', () => {
  const json = JSON.parse(committed) as {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const undocumented = Object.entries(json.properties).filter(([, p]) => !p.description);
  expect(undocumented).toEqual([]);
  expect(json.properties.project).toMatchObject({
    'x-prompt': 'Which project?',
    $default: { $source: 'argv', index: 0 },
  });
  expect(json.required).toEqual(['project']);
});

it('lists the generator in generators.json with a description', () => {
  const { generators } = JSON.parse(
    readFileSync(join(__dirname, '../../../generators.json'), 'utf8'),
  ) as { generators: Record<string, { factory: string; schema: string; description: string }> };
  expect(generators.dockerfile).toEqual({
    factory: './dist/generators/dockerfile/generator',
    schema: './dist/generators/dockerfile/schema.json',
    description: expect.stringMatching(/Dockerfile/),
  });
});
