// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

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

/**
 * The feature folders of web/src. None imports another's internals: what two features share lives in
 * web/src/components/ or a top-level web/src module; a feature that offers something to others does so
 * through its index.ts (imported as `../feature`).
 */
const WEB_FEATURES = ['admin', 'supervision', 'pages', 'public', 'pow'];
const webFeatureBoundaries = WEB_FEATURES.map((feature) => ({
  files: [`web/src/${feature}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: WEB_FEATURES.filter((other) => other !== feature).map((other) => ({
          group: [`**/${other}/*`],
          message: `web/src/${feature}/ does not import web/src/${other}/'s internals: move what is shared to components/ or import '../${other}' (its index.ts).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.dependency-cruiser.cjs',
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
  // The service worker: plain script in the worker's global scope.
  {
    files: ['web/public/sw.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        self: 'readonly',
        caches: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        Response: 'readonly',
      },
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The plugin's recommended set (the hooks rules and the React Compiler's checks), missed dependencies an error.
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...webFeatureBoundaries,
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
