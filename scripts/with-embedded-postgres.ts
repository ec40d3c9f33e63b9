/**
 * `tsx scripts/with-embedded-postgres.ts <command…>`: runs a command (e.g. `npm test`) against a throw-away
 * embedded PostgreSQL cluster — the engine `npm start` runs by default (ADR 0005) — passed as
 * TEST_DATABASE_URL (database `test`, over the cluster's unix socket). The cluster and its directory are removed
 * afterwards, whatever the command's outcome; the exit code is the command's. Used by `.ci/run`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres.js';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('用法：tsx scripts/with-embedded-postgres.ts <命令…>');
  process.exit(2);
}
const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-ci-pg-'));
const cluster = await startEmbeddedPostgres(dataDir, {
  settings: { max_connections: '200' },
  onProgress: (line) => console.log(line),
});
let code = 1;
try {
  const admin = new pg.Client(cluster.connection);
  await admin.connect();
  await admin.query('CREATE DATABASE test');
  await admin.end();
  const url = cluster.url.replace(/\/jiesu\?/, '/test?');
  console.log(`嵌入式 PostgreSQL（PID ${cluster.pid}）：TEST_DATABASE_URL=${url}`);
  const child = spawn(command[0]!, command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE_URL: url },
  });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  code = await new Promise<number>((resolve) =>
    child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
} finally {
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
