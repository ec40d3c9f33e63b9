/**
 * The browser tests: `npx vitest run --config e2e/vitest.config.ts`. One server for the run (global-setup.ts),
 * files one after another (they share it and its test clock), generous timeouts for a cold chromium.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
