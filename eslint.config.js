// Lint: eslint's recommended rules, and typescript-eslint's type-aware ones (recommendedTypeChecked) for TypeScript.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'export/', 'coverage/', '.bench/', 'test-results/', '.screens/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware: the TypeScript files are read with their types, from tsconfig.json (which includes them all).
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Only src/run/ and src/cli/ touch the process (its environment, signals, exit): every stage below it is a function of its input.
    files: ['src/content/**/*.ts', 'src/render/**/*.ts', 'src/site/**/*.ts', 'src/http/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', { name: 'process', message: 'Only src/run/ and src/cli/ may use process; pass the value in.' }] },
  },
  { files: ['public/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } },
  { files: ['src/browser/**/*.ts'], languageOptions: { globals: globals.browser } },
  { files: ['*.js', 'scripts/**/*.js'], languageOptions: { globals: globals.node } },
  { files: ['*.cjs'], languageOptions: { globals: globals.node, sourceType: 'commonjs' } },
);
