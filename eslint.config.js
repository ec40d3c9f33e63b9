// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = {
  console: 'readonly',
  Buffer: 'readonly',
  process: 'readonly',
  performance: 'readonly',
  fetch: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

/** domain/ is pure (ARCHITECTURE.md "Layers"): it imports only domain/ and shared/, and does no IO. */
const domainPurity = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['**/server/**', '**/web/**'], message: 'domain/ imports only domain/ and shared/.' },
        {
          group: [
            'node:*',
            'fs',
            'path',
            'http',
            'https',
            'net',
            'child_process',
            'crypto',
            'os',
            'worker_threads',
          ],
          message: 'domain/ is pure: no IO or platform modules.',
        },
        {
          group: ['pg', '@electric-sql/*', 'drizzle-orm*', 'fastify*', '@node-rs/*'],
          message: 'domain/ is pure: no IO.',
        },
      ],
    },
  ],
  'no-restricted-globals': ['error', { name: 'fetch', message: 'domain/ is pure.' }],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'domain/ takes time as an argument.' },
    { object: 'Math', property: 'random', message: 'domain/ takes randomness as an argument.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'data',
      'dist',
      'web/dist',
      'coverage',
      'server/db/migrations',
      'bench/tmp',
      '*.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs'], languageOptions: { globals: NODE_GLOBALS } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Tests in domain/ may read the real seed data from server/ (e.g. the official holiday calendar).
  { files: ['domain/**/*.ts'], ignores: ['domain/**/*.test.ts'], rules: domainPurity },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/web/**', '**/domain/**'],
              message: 'shared/ imports only shared/.',
            },
          ],
        },
      ],
    },
  },
);
