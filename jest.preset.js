// Shared jest settings. @swc/jest compiles our TypeScript *and* the ESM-only packages
// in node_modules (execa 9 and its dependencies) to CommonJS, so the real execa runs
// inside jest on Node 20. See docs/decisions/0001-module-format.md.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Transform everything: the ESM-only dependencies live in node_modules.
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    // unicorn-magic's exports only have `import` conditions, which jest's CJS resolver skips.
    '^unicorn-magic$': path.join(__dirname, 'node_modules/unicorn-magic/node.js'),
    // Inside the monorepo, tests use the core from source, not its build.
    '^@nx-buildx/buildx$': path.join(__dirname, 'packages/buildx/src/index.ts'),
    '^@nx-buildx/buildx/dockerfile$': path.join(
      __dirname,
      'packages/buildx/src/dockerfile/parse.ts',
    ),
  },
};
