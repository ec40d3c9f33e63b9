/**
 * Intake benchmark: many concurrent clients registering tickets over HTTP, and in the same
 * run a raw baseline — plain single-row INSERTs through the same driver at the same concurrency.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/app.js';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import type { DatabaseOptions } from '../server/db/client.js';
import { runConcurrent, summarise } from './stats.js';

export interface IntakeResult {
  database: string;
  concurrency: number;
  http: ReturnType<typeof summarise> & { errors: number };
  baseline: ReturnType<typeof summarise>;
  ratio: number;
}

export async function intakeBench(
  dbOptions: DatabaseOptions,
  total: number,
  concurrency: number,
): Promise<IntakeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-bench-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir }), demo: true, demoPassword: 'Bench@Jiesu2026' };
  const keys = JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });
  const { ctx, database } = await createContext(config, systemClock, dbOptions, { JIESU_DATA_KEYS: keys });
  await prepareData(ctx);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'operator', password: 'Bench@Jiesu2026' },
    });
    const token = (login.json() as { token: string }).token;
    const runId = randomBytes(4).toString('hex');
    // Warm-up so JIT and caches do not count.
    await runWorker({
      url: `http://127.0.0.1:${port}/api/v1/tickets`,
      token,
      concurrency,
      total: Math.min(500, total),
      runId: `${runId}w`,
    });
    const http = await runWorker({
      url: `http://127.0.0.1:${port}/api/v1/tickets`,
      token,
      concurrency,
      total,
      runId,
    });

    // Baseline: the physical limit of this database and driver — single-row INSERTs, same concurrency.
    await ctx.db.execute(
      sql`CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), channel_ref text, content text, created_at timestamptz)`,
    );
    const base = await runConcurrent(total, concurrency, (i) =>
      ctx.db.execute(
        sql`INSERT INTO bench_baseline (channel_ref, content, created_at) VALUES (${`b-${i}`}, ${'压测工单：小区路灯不亮，晚上出行不便，请尽快维修。'}, now())`,
      ),
    );
    const baseline = summarise(base.latencies, base.ms);
    const httpSummary = { ...summarise(http.latencies, http.ms), errors: http.errors };
    return {
      database: database.kind,
      concurrency,
      http: httpSummary,
      baseline,
      ratio: Number((httpSummary.perSecond / baseline.perSecond).toFixed(3)),
    };
  } finally {
    await app.close();
    await database.close();
  }
}

function runWorker(job: { url: string; token: string; concurrency: number; total: number; runId: string }) {
  return new Promise<{ latencies: number[]; errors: number; ms: number }>((resolve, reject) => {
    const w = new Worker(new URL('./load-client.mjs', import.meta.url), { workerData: job });
    w.once('message', resolve);
    w.once('error', reject);
  });
}
