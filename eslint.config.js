// Lint: typescript-eslint (type-aware) + react-hooks, and the layer rules from ARCHITECTURE.md:
// shared imports nothing of ours (and no node:, DOM or electron); renderer and server import only shared.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ours = (...layers) => layers.flatMap((l) => [`**/${l}/**`, `../${l}/*`, `../../${l}/*`, `../../../${l}/*`]);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node, parserOptions: { projectService: false } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ours('electron', 'renderer', 'server', 'tests', 'bench'),
              message: 'shared/ imports nothing of ours.',
            },
            {
              group: ['node:*', 'electron', 'react', 'react-dom', 'socket.io', 'socket.io-client'],
              message: 'shared/ is runtime-neutral: no node:, electron or DOM libraries.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ours('electron', 'server', 'tests', 'bench'), message: 'renderer/ imports only shared/.' },
            {
              group: ['node:*', 'electron', 'socket.io'],
              message: 'The renderer is a sandboxed web page: no Node or Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ours('electron', 'renderer', 'tests', 'bench'), message: 'server/ imports only shared/.' },
            { group: ['electron'], message: 'server/ runs without Electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ours('renderer', 'tests', 'bench'), message: 'electron/ imports shared/ and server/ only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron'], message: 'electron/core runs in plain Node: take Electron APIs as ports.' },
            { group: ours('renderer', 'tests', 'bench'), message: 'electron/ imports shared/ and server/ only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
