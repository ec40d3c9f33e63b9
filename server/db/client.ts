/**
 * Opens the database: the embedded PostgreSQL cluster in DATA_DIR (the durable default, ADR 0005), PostgreSQL
 * at DATABASE_URL, or PGlite (in memory for tests; on disk only when asked for with JIESU_EMBEDDED_ENGINE).
 * One schema, one migration history, one query code path for all (ARCHITECTURE.md "Runtime shapes"); the
 * embedded cluster goes through exactly the same `pg` path as an external PostgreSQL.
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
import { startEmbeddedPostgres, type EmbeddedCluster, type EmbeddedOptions } from './embedded-postgres.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Schema = typeof schema;

export interface Database {
  readonly db: Db;
  /** The SQL dialect and driver: the embedded cluster is PostgreSQL too. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Listens to a NOTIFY channel: the payloads of `pg_notify` calls, delivered when their transaction commits
   * (and never when it rolls back) — on PostgreSQL from any process sharing the database.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Which engine: a PostgreSQL at DATABASE_URL, the embedded cluster in DATA_DIR, or PGlite. */
  readonly engine: 'postgres' | 'embedded-postgres' | 'pglite';
  /** The embedded cluster, when this database runs one. */
  readonly cluster?: EmbeddedCluster;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number; session?: SessionSettings }
  | ({
      kind: 'embedded-postgres';
      dataDir: string;
      poolSize?: number;
      session?: SessionSettings;
    } & EmbeddedOptions)
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' };

/**
 * Settings for this process's own connections only (`-c name=value` at connect), e.g. the demo seed's
 * `synchronous_commit=off`: the server that starts afterwards opens new connections with the defaults.
 */
export type SessionSettings = Record<string, string>;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
/** Arbitrary constant: serialises migrations when several app processes start on one PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_312_023_019;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  switch (options.kind) {
    case 'postgres':
      return openPostgres(
        { connectionString: options.url, options: sessionOptions(options.session) },
        options.poolSize ?? 20,
      );
    case 'embedded-postgres':
      return openEmbedded(options);
    case 'pglite':
      return openPglite(options.dataDir);
    case 'pglite-memory':
      return openPgliteClient(await PGlite.create(), null);
  }
}

async function openEmbedded(
  options: { dataDir: string; poolSize?: number; session?: SessionSettings } & EmbeddedOptions,
): Promise<Database> {
  mkdirSync(options.dataDir, { recursive: true });
  // One server per data directory: it owns the cluster's lifecycle (and stops a postmaster it finds orphaned).
  const lock = acquireDataDirLock(options.dataDir);
  let cluster: EmbeddedCluster | null = null;
  try {
    cluster = await startEmbeddedPostgres(options.dataDir, options);
    const database = await openPostgres(
      { ...cluster.connection, options: sessionOptions(options.session) },
      options.poolSize ?? 20,
    );
    const started = cluster;
    return {
      db: database.db,
      kind: 'postgres',
      engine: 'embedded-postgres',
      cluster: started,
      listen: (channel, onPayload) => database.listen(channel, onPayload),
      close: async () => {
        try {
          await database.close();
        } finally {
          await started.stop();
          lock.release();
        }
      },
    };
  } catch (err) {
    await cluster?.stop();
    lock.release();
    throw err;
  }
}

/**
 * JIT compilation and parallel query off by default (ADR 0010): at millions of tickets the planner's cost of a
 * list page exceeds `jit_above_cost` and `parallel_setup_cost`; compiling then adds about a second to a query
 * that runs in milliseconds, and a parallel plan of a unit's inbox page took 160–220 ms where the plan on one
 * process takes 6–14 ms (EXPLAIN ANALYZE at ten million tickets). The platform serves many short requests at
 * once: the cores serve requests, not parts of one.
 */
const DEFAULT_SESSION: SessionSettings = { jit: 'off', max_parallel_workers_per_gather: '0' };

function sessionOptions(session: SessionSettings | undefined): string | undefined {
  return Object.entries({ ...DEFAULT_SESSION, ...session })
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
}

async function openPostgres(connection: pg.PoolConfig, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ ...connection, max: poolSize });
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
    engine: 'postgres',
    async listen(channel, onPayload) {
      // A connection of its own: LISTEN holds it for as long as the listener lives.
      const c = new pg.Client(connection);
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
    engine: 'pglite',
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
