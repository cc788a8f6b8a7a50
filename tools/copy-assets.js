// Copies the non-TypeScript files a package ships (executor/generator schema.json,
// generator templates under files/) from src/ to dist/, keeping their paths.
const { cpSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const [src = 'src', dest = 'dist'] = process.argv.slice(2);
const wanted = (path) => path.endsWith('.json') || path.split(/[\\/]/).includes('files');

(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (wanted(relative(src, path)) && !name.endsWith('.spec.json'))
      cpSync(path, join(dest, relative(src, path)));
  }
})(src);
