/**
 * Once per e2e run: build the web UI if it is stale, start the real server on a fresh embedded database with
 * the test clock at FAKE_TIME, and hand its address to the test files (`inject('baseUrl')`).
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../scripts/ensure-web-build.js';
import { startServer } from './harness.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest runs with NODE_ENV=test; the UI must still be built as production (React, JSX runtime, minified),
  // or the next `npm start` would serve the development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await ensureWebBuild();
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server = await startServer();
  project.provide('baseUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  };
}
