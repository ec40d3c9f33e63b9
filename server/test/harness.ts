/**
 * Test harness: a real database per test file — in-memory PGlite, or a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set — with reference data, demo users and a frozen clock. Never mocks the database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildApp } from '../app.js';
import { createContext, prepareData } from '../bootstrap.js';
import { FixedClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { eq } from 'drizzle-orm';
import { policyVersions } from '../db/schema.js';
import { DEFAULT_POLICY, type PolicyData } from '../../shared/policy.js';
import type { AppContext } from '../context.js';
import type { DatabaseOptions } from '../db/client.js';
import { unitIdsByCode } from '../reference/seed.js';

export const TEST_PASSWORD = 'Test@Jiesu2026';
/** A working Tuesday morning in Jilin. */
export const DEFAULT_TEST_NOW = new Date('2026-11-10T09:00:00+08:00');

const testKeys = () =>
  JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });

/** A database of its own for one test file: PGlite in memory, or a new database on TEST_DATABASE_URL. */
export async function freshDatabase(): Promise<{
  options: DatabaseOptions;
  url: string | null;
  drop: () => Promise<void>;
}> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { options: { kind: 'pglite-memory' }, url: null, drop: async () => {} };
  const name = `jiesu_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    options: { kind: 'postgres', url: u.toString(), poolSize: 10 },
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FixedClock;
  units: Map<string, string>;
  /** The PostgreSQL database of this test file, or null on PGlite. */
  databaseUrl: string | null;
  /** The keyring the app uses, for child processes that must read the same data. */
  keysJson: string;
  /** Logs in a demo user and returns a client that sends its token. */
  as(username: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface Client {
  token: string | null;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function startTestApp(
  options: {
    now?: Date;
    env?: Record<string, string>;
    config?: Partial<Config>;
    /** Changes to the first policy version. By default every ticket is revisited (rate 1), so that flows
     * through revisits do not depend on the random ticket id; sampling has its own tests. */
    policy?: Partial<PolicyData>;
    /** Log at LOG_LEVEL=info into this stream (tests that read what the logs hold). */
    logStream?: DestinationStream;
  } = {},
): Promise<TestApp> {
  const config: Config = {
    ...loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-test-')) }),
    demo: true,
    demoPassword: TEST_PASSWORD,
    // Tests move the clock by days; sessions outlive that unless a test is about sessions.
    sessionIdleSeconds: 365 * 86400,
    sessionAbsoluteSeconds: 365 * 86400,
    // Tests log in many users from one address; rate limits are proved in their own test.
    rateLimits: { loginPerMinute: 10_000, publicSubmitPerMinute: 10_000, publicTrackPerMinute: 10_000 },
    ...options.config,
  };
  const clock = new FixedClock(options.now ?? DEFAULT_TEST_NOW);
  const db = await freshDatabase();
  const keysJson = testKeys();
  const { ctx, database } = await createContext(config, clock, db.options, {
    JIESU_DATA_KEYS: keysJson,
    ...options.env,
  });
  await prepareData(ctx);
  await ctx.db
    .update(policyVersions)
    .set({ data: { ...DEFAULT_POLICY, revisitSampleRate: 1, ...options.policy } })
    .where(eq(policyVersions.version, 1));
  ctx.policy.invalidate();
  const app = await buildApp(ctx, {
    testClock: clock,
    ...(options.logStream ? { logger: { level: 'info' }, logStream: options.logStream } : {}),
  });
  await app.ready();
  const units = await unitIdsByCode(ctx.db);
  const client = (token: string | null): Client => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    return {
      token,
      inject: (opts) => app.inject({ ...opts, headers: { ...headers, ...(opts.headers ?? {}) } }),
      get: (url) => app.inject({ method: 'GET', url, headers }),
      post: (url, body) =>
        app.inject({
          method: 'POST',
          url,
          headers,
          ...(body === undefined ? {} : { payload: body as object }),
        }),
    };
  };
  return {
    app,
    ctx,
    clock,
    units,
    databaseUrl: db.url,
    keysJson,
    anonymous: client(null),
    async as(username) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: TEST_PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return client((res.json() as { token: string }).token);
    },
    async close() {
      await app.close();
      await database.close();
      await db.drop();
    },
  };
}

/** A valid registration body; override what the test is about. */
export function ticketBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'hotline_12345',
    content: '船营区北京路某小区 3 号楼下水井堵塞，污水外溢三天了，请尽快处理。',
    complainant: { name: '张三', phone: '13812345678', address: '吉林市船营区北京路街道幸福小区3栋2单元501' },
    location: { district: '220204', address: '北京路幸福小区' },
    ...overrides,
  };
}
