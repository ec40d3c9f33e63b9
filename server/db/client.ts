/**
 * Opens the database: embedded PGlite in DATA_DIR (default) or PostgreSQL at DATABASE_URL.
 * One schema, one migration history, one query code path for both (ARCHITECTURE.md "Runtime shapes").
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Schema = typeof schema;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /**
   * Listens to a NOTIFY channel: the payloads of `pg_notify` calls, delivered when their transaction commits
   * (and never when it rolls back) — on PostgreSQL from any process sharing the database.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' };

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
/** Arbitrary constant: serialises migrations when several app processes start on one PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_312_023_019;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  switch (options.kind) {
    case 'postgres':
      return openPostgres(options.url, options.poolSize ?? 20);
    case 'pglite':
      return openPglite(options.dataDir);
    case 'pglite-memory':
      return openPgliteClient(await PGlite.create(), null);
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection can be closed by the server (restart, failover, admin shutdown): the pool replaces it.
  // Without a listener, that error would crash the process.
  pool.on('error', (err: Error & { code?: string }) => {
    if (err.code !== '57P01') console.error('PostgreSQL: idle connection lost:', err.message);
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  const listeners = new Set<pg.Client>();
  return {
    db,
    kind: 'postgres',
    async listen(channel, onPayload) {
      // A connection of its own: LISTEN holds it for as long as the listener lives.
      const c = new pg.Client({ connectionString: url });
      c.on('error', (err) => console.error('PostgreSQL: notification listener lost:', err.message));
      await c.connect();
      c.on('notification', (m) => {
        if (m.channel === channel && m.payload !== undefined) onPayload(m.payload);
      });
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
      listeners.add(c);
      return async () => {
        listeners.delete(c);
        await c.end().catch(() => {});
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      listeners.clear();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  // PGlite is one process per data directory: a second process would silently lose writes.
  const lock = acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create(join(dataDir, 'pglite'));
    return await openPgliteClient(client, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function openPgliteClient(client: PGlite, lock: DataDirLock | null): Promise<Database> {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder });
  return {
    db,
    kind: 'pglite',
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    close: async () => {
      await client.close();
      lock?.release();
    },
  };
}

/** Runs raw SQL and returns its rows — both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
