// The layout is the architecture: each folder of src/ builds only on the folders below it.
//   image/      what an image is made of and how it is named, planned and reported: no Nx
//   lib/        Nx glue the executors share (contexts, project facts, executor output)
//   hasher/     Nx's runtime input: the image state a cached target is hashed with
//   graph/      the graph plugin: inferred targets, inputs, dependencies
//   executors/  generators/  index.ts  what Nx calls
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LAYERS = ['image', 'lib', 'hasher', 'graph', 'executors', 'generators'];
const src = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The layer of a file of src/: its top folder's rank; index.ts stands above all. */
const layerOf = (file: string) => {
  const top = relative(src, file).split('/')[0] as string;
  return LAYERS.includes(top) ? LAYERS.indexOf(top) : LAYERS.length;
};

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import\(?)\s*'([^']+)'/g)].map(
    (m) => m[1] as string,
  );

it('no import runs from a lower folder up to a higher one', () => {
  const upward = sources(src).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(dirname(file), spec))
      .filter((target) => layerOf(target) > layerOf(file))
      .map((target) => `${relative(src, file)} -> ${relative(src, target)}`),
  );
  expect(upward).toEqual([]);
});

it('the image model imports nothing of Nx', () => {
  const nx = sources(join(src, 'image')).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec === 'nx' || spec.startsWith('nx/') || spec.startsWith('@nx/'))
      .map((spec) => `${relative(src, file)} -> ${spec}`),
  );
  expect(nx).toEqual([]);
});

it('finds the imports it checks (a reader that saw none would pass anything)', () => {
  const all = sources(src).flatMap(importsOf);
  expect(all).toContain('@nx/devkit');
  expect(all.filter((s) => s.startsWith('../image/')).length).toBeGreaterThan(10);
});
