/**
 * The demo history, small: after seeding, every demo role finds work and last month's ranking is published.
 * Asserted through the API as those users see it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { createContext } from '../bootstrap.js';
import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/client.js';
import { unitIdsByCode } from '../reference/seed.js';
import { seedDemo } from './demo-seed.js';
import { freshDatabase } from '../test/harness.js';

const PASSWORD = 'Test@Jiesu2026';
let config: Config;
let app: FastifyInstance;
let database: Database;
let drop: () => Promise<void> = async () => {};
let counts: Record<string, number> | null;
let again: Record<string, number> | null;
let codeOf: Map<string, string>;

beforeAll(async () => {
  const env: Record<string, string> = { DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-demo-')) };
  // On PostgreSQL the seed gets a database of its own; on PGlite it opens DATA_DIR like a first start.
  const db = await freshDatabase();
  if (db.url) env.DATABASE_URL = db.url;
  drop = db.drop;
  config = { ...loadConfig(env), demo: true, demoPassword: PASSWORD };
  counts = await seedDemo(config, { tickets: 60, seed: 7, days: 90 });
  again = await seedDemo(config, { tickets: 5, seed: 1, days: 5 });
  const opened = await createContext(config, systemClock);
  database = opened.database;
  app = await buildApp(opened.ctx);
  await app.ready();
  codeOf = new Map([...(await unitIdsByCode(opened.ctx.db))].map(([code, id]) => [id, code]));
}, 300_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
  await drop();
});

async function as(username: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const token = (res.json() as { token: string }).token;
  return async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    return r.json() as { total: number; items: { leadUnitId: string | null }[] };
  };
}

const lastMonth = () => {
  const jilin = new Date(Date.now() + 8 * 3600_000);
  const prev = new Date(Date.UTC(jilin.getUTCFullYear(), jilin.getUTCMonth() - 1, 1));
  return `${prev.getUTCFullYear()}-${String(prev.getUTCMonth() + 1).padStart(2, '0')}`;
};

describe('demo history', () => {
  it('seeds the tickets once: a second run leaves a database with tickets alone', async () => {
    expect(counts?.total).toBe(60);
    expect(again).toBeNull();
  });

  it('R7.2 last month is published: the leader reads its ranking', async () => {
    const leader = await as('leader');
    const monthly = (await leader(`/api/v1/assessment/monthly?month=${lastMonth()}`)) as unknown as {
      status: string;
    };
    expect(monthly.status).toBe('published');
  });

  it('R6.1 open supervision cases wait for the supervisor', async () => {
    const supervisor = await as('supervisor');
    expect((await supervisor('/api/v1/supervision/cases?state=open')).total).toBeGreaterThan(0);
    expect((await supervisor('/api/v1/supervision/cases?state=closed')).total).toBeGreaterThan(0);
  });

  it('R4.1 R4.3 R4.6 the operator, a unit and the revisitor each have work today', async () => {
    const operator = await as('operator');
    expect((await operator('/api/v1/tickets?status=registered')).total).toBeGreaterThan(0);
    expect((await operator('/api/v1/tickets?status=archived')).total).toBeGreaterThan(0);
    const revisitor = await as('revisitor');
    expect((await revisitor('/api/v1/tickets?status=replied')).total).toBeGreaterThan(0);
    const dispatched = await operator('/api/v1/tickets?status=dispatched');
    expect(dispatched.total).toBeGreaterThan(0);
    const unit = codeOf.get(dispatched.items[0]?.leadUnitId ?? '') as string;
    const handler = await as(`${unit.toLowerCase()}.handler`);
    expect((await handler('/api/v1/tickets?link=handling&status=dispatched')).total).toBeGreaterThan(0);
  });
});
