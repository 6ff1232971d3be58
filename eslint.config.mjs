// ESLint flat config for the whole repository (TypeScript, TSX, and the few JS/MJS scripts).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layering from './tools/eslint/layering.mjs';

export default defineConfig(
  { ignores: ['dist/**', 'out/**', '**/node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  // package.json says "type": "commonjs": plain .js and .cjs files are CommonJS scripts (bin/).
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Where code may run is said by its folder; this rule keeps imports inside those lines.
  // Do not relax it: see tools/eslint/layering.mjs and DESIGN.md's Conventions.
  {
    plugins: { stacklab: layering },
    rules: { 'stacklab/layering': ['error', { root: import.meta.dirname }] },
  },
);
