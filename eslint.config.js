// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', 'web/dist', 'coverage', 'server/db/migrations', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // domain/ is pure: it imports only domain/ and shared/ (ARCHITECTURE.md "Layers").
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './domain', from: './server', message: 'domain/ must not import server/ (no IO).' },
            { target: './domain', from: './web', message: 'domain/ must not import web/.' },
            { target: './shared', from: './server', message: 'shared/ must not import server/.' },
            { target: './shared', from: './web', message: 'shared/ must not import web/.' },
          ],
        },
      ],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'crypto', 'os'],
              message: 'domain/ is pure: no IO or platform modules.',
            },
            { group: ['pg', '@electric-sql/*', 'drizzle-orm*', 'fastify*'], message: 'domain/ is pure: no IO.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'domain/ is pure.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'domain/ takes time as an argument.' },
        { object: 'Math', property: 'random', message: 'domain/ takes randomness as an argument.' },
      ],
    },
  },
);
