import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/tmp/**', '.nx/**', '**/files/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Only packages/buildx spawns processes (design.md): keep Nx out of it.
    files: ['packages/buildx/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['nx', 'nx/*', '@nx/*'], message: '@nx-buildx/buildx has no Nx imports.' }] }],
    },
  },
  {
    // Process spawning lives in packages/buildx alone.
    files: ['packages/docker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['execa', 'child_process', 'node:child_process'].map((name) => ({ name, message: 'Spawn processes through @nx-buildx/buildx.' })) }],
    },
  },
);
