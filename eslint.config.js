// Lint: typescript-eslint's recommended rules, plus the process boundaries of DESIGN.md.
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeOnly = [
  'electron',
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'url',
  'util',
  'worker_threads',
];

// Outside policy-engine/ (and test/, which may import the deep module it tests), the engine is reached only through
// its front doors: policy-engine/index.ts and one index.ts per room (DESIGN.md "The shape").
const engineFrontDoor = {
  regex: '(^|/)policy-engine/(?!(?:[a-z-]+/)?index$).+',
  message:
    'Import policy-engine through its front door: policy-engine/index or policy-engine/<room>/index (DESIGN.md).',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      '.tsbuild/**',
      'test-results/**',
      'test/artifacts/**',
      'playwright-report/**',
      '**/*.cjs',
      'policy-engine/catalog/generated/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure: no Node, no Electron, no React, no Monaco, no clock (DESIGN.md).
    files: ['policy-engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeOnly, 'react', 'react-dom', 'monaco-editor', 'zustand'].map((name) => ({
            name,
            message: 'policy-engine/ must stay pure (DESIGN.md).',
          })),
          patterns: [
            {
              group: ['node:*', '../electron/*', '../../electron/*', '../renderer/*', '../../renderer/*', '../cli/*'],
              message: 'policy-engine/ must stay pure (DESIGN.md).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine takes the time as an argument.' },
      ],
    },
  },
  {
    // The renderer talks only to window.api: no Node, no Electron.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnly.map((name) => ({
            name,
            message: 'The renderer cannot use Node or Electron; go through window.api.',
          })),
          patterns: [
            { group: ['node:*'], message: 'The renderer cannot use Node; go through window.api.' },
            engineFrontDoor,
          ],
        },
      ],
    },
  },
  {
    files: ['cli/**/*.ts', 'electron/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineFrontDoor] }] },
  },
);
