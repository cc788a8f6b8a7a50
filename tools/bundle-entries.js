// Bundles the run-time entry points of a built package into one CommonJS file each, over
// tsc's output in dist/: every executor (and batch implementation) of executors.json, plus the modules named on the
// command line. Nx require()s an executor in a new process for every task; one file
// (our code, zod, execa, …) loads in about half the time of the ~370 modules it replaces
// (docs/decisions/0001-module-format.md). tsc's .d.ts files stay: the types are unchanged.
// Usage, from the package folder after tsc: node ../../tools/bundle-entries.js . [src/x.ts…]
const esbuild = require('esbuild');
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const repo = join(__dirname, '..');
const [pkgDir = '.', ...extra] = process.argv.slice(2);
const root = resolve(pkgDir);

/** `./dist/executors/x/executor` → `src/executors/x/executor.ts`. */
function sourceOf(implementation) {
  return implementation.replace(/^\.\/dist\//, 'src/').replace(/(\.js)?$/, '.ts');
}

function entries() {
  const file = join(root, 'executors.json');
  const executors = existsSync(file)
    ? Object.values(JSON.parse(readFileSync(file, 'utf8')).executors)
    : [];
  // A batch implementation (`file#export`) is loaded by Nx the same way.
  const batch = executors.flatMap((e) =>
    e.batchImplementation ? [sourceOf(e.batchImplementation.split('#')[0])] : [],
  );
  return [...executors.map((e) => sourceOf(e.implementation)), ...batch, ...extra];
}

/** The npm packages a bundle holds: their license texts ship beside the bundles. */
function bundledPackages(metafile, into) {
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) into.add(resolve(root, m[1]));
  }
}

function licenseNotice(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = ['LICENSE', 'LICENSE.md', 'license', 'LICENSE.txt', 'licence']
    .map((f) => join(dir, f))
    .find(existsSync);
  const text = file ? readFileSync(file, 'utf8').trim() : `License: ${pkg.license}`;
  return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${text}\n`;
}

(async () => {
  const packages = new Set();
  for (const src of entries()) {
    const outfile = join(root, src.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'));
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [join(root, src)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // Our sources, not the core's dist: ESM sources let esbuild leave out what a run
      // does not use (the core's CommonJS index would bring all of it).
      tsconfig: join(repo, 'tsconfig.base.json'),
      // Nx's own modules: the instance of the workspace that runs the task.
      external: ['nx', 'nx/*', '@nx/devkit', '@nx/devkit/*'],
      // Smaller text parses faster; names stay (BuildxError uses new.target.name).
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none', // the notices go to THIRD-PARTY-LICENSES.txt
      metafile: true,
      logLevel: 'warning',
    });
    bundledPackages(result.metafile, packages);
    console.log(`bundled ${relative(root, outfile)}`);
  }
  if (packages.size) {
    const notices = [...packages].map(licenseNotice).sort();
    writeFileSync(
      join(root, 'dist/THIRD-PARTY-LICENSES.txt'),
      `The bundled files of dist/ contain these packages:\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`,
    );
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
