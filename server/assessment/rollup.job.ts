/**
 * The rollup job: adds the facts of ticket events past a stored cursor (the last processed event
 * id) to per-(month, unit, urgency) counters, and moves the cursor in the same transaction — so a rerun, a
 * crash or two jobs at once never count an event twice or skip one.
 *
 * Event ids come from a sequence, and a transaction can commit a smaller id after a larger one is visible. To
 * never step over such an id, the job first takes a SHARE lock on ticket_events for an instant: it waits for
 * the transactions writing events to commit, and every event written later gets a larger id. Everything up to
 * the maximum id seen then is final; the job reads no further.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/client.js';
import {
  aggregate,
  EVENT_FIGURES,
  FACT_COLUMNS,
  factsQuery,
  supervisionCasesQuery,
} from './assessment.facts.js';
import { PeriodicJob } from '../periodic.js';

export const ROLLUP_CURSOR = 'assessment-rollup';
/** Events per transaction: bounded work and lock time per step. */
const CHUNK = 50_000;

export interface RollupResult {
  /** The cursor before and after the run. */
  from: number;
  to: number;
  /** False when writers held ticket_events too long; the job then did nothing and will catch up next time. */
  caughtUp: boolean;
}

/** The id up to which every ticket event is committed (see the module comment). */
export async function committedHorizon(db: Db): Promise<number | null> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL lock_timeout = '5s'`);
      await tx.execute(sql`LOCK TABLE ticket_events IN SHARE MODE`);
      const [r] = await queryRows<{ max: string | number | null }>(
        tx,
        sql`SELECT max(id) AS max FROM ticket_events`,
      );
      return Number(r?.max ?? 0);
    });
  } catch (err) {
    // lock_not_available, as the driver reports it or wrapped by drizzle
    const e = err as { code?: string; cause?: { code?: string } };
    if (e.code === '55P03' || e.cause?.code === '55P03') return null;
    throw err;
  }
}

export async function cursorPosition(db: Db): Promise<number> {
  const [r] = await queryRows<{ last_event_id: string | number }>(
    db,
    sql`SELECT last_event_id FROM assessment_cursors WHERE name = ${ROLLUP_CURSOR}`,
  );
  return Number(r?.last_event_id ?? 0);
}

const COLUMNS = EVENT_FIGURES.map((f) => FACT_COLUMNS[f]);
const UPSERT_COLUMNS = sql.raw(COLUMNS.join(', '));
const UPSERT_SET = sql.raw(COLUMNS.map((c) => `${c} = assessment_rollups.${c} + excluded.${c}`).join(', '));

/**
 * Session settings for one batch statement: JIT compilation costs ~0.3 s per statement here and gains nothing on
 * a chunk; parallel workers cost more to start than they save; the window sort needs more than 4 MB.
 */
export async function tuneForBatch(tx: Pick<Db, 'execute'>): Promise<void> {
  await tx.execute(sql`SET LOCAL jit = off`);
  await tx.execute(sql`SET LOCAL max_parallel_workers_per_gather = 0`);
  await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
}

type SumRow = { month: string; unit_id: string; urgency: string } & Record<string, number | string>;

/** The sums of the facts of events (from, to] — read-only, so chunks can be computed side by side. */
async function sumChunk(db: Db, from: number, to: number): Promise<SumRow[]> {
  return db.transaction(async (tx) => {
    await tuneForBatch(tx);
    return queryRows<SumRow>(tx, aggregate(factsQuery(sql`e.id > ${from} AND e.id <= ${to}`, to)));
  });
}

/**
 * Adds a chunk's sums and moves the cursor from `from` to `to`, in one transaction — or does nothing when the
 * cursor is no longer at `from` (another job got there first). Returns the cursor after.
 */
async function applyChunk(db: Db, from: number, to: number, rows: SumRow[], now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO assessment_cursors (name, last_event_id, updated_at) VALUES (${ROLLUP_CURSOR}, 0, ${now})
          ON CONFLICT (name) DO NOTHING`,
    );
    const [c] = await queryRows<{ last_event_id: string | number }>(
      tx,
      sql`SELECT last_event_id FROM assessment_cursors WHERE name = ${ROLLUP_CURSOR} FOR UPDATE`,
    );
    const at = Number(c?.last_event_id ?? 0);
    if (at !== from) return at;
    if (rows.length > 0) {
      const values = rows.map(
        (r) =>
          sql`(${r.month}, ${r.unit_id}::uuid, ${r.urgency}, ${sql.join(
            COLUMNS.map((col) => sql`${Number(r[col] ?? 0)}::int`),
            sql`, `,
          )})`,
      );
      await tx.execute(
        sql`INSERT INTO assessment_rollups (month, unit_id, urgency, ${UPSERT_COLUMNS})
            VALUES ${sql.join(values, sql`, `)}
            ON CONFLICT (month, unit_id, urgency) DO UPDATE SET ${UPSERT_SET}`,
      );
    }
    await tx.execute(
      sql`UPDATE assessment_cursors SET last_event_id = ${to}, updated_at = ${now} WHERE name = ${ROLLUP_CURSOR}`,
    );
    return to;
  });
}

/**
 * Processes every committed event past the cursor, in chunks of event ids. Up to `parallel` chunks are summed
 * at once (the reading is the work; PostgreSQL only — PGlite has one connection), then applied in order.
 */
export async function runRollup(
  db: Db,
  now: Date,
  opts: { parallel?: number; chunk?: number } = {},
): Promise<RollupResult> {
  const start = await cursorPosition(db);
  const horizon = await committedHorizon(db);
  if (horizon === null) return { from: start, to: start, caughtUp: false };
  const parallel = Math.max(1, opts.parallel ?? 1);
  const chunk = Math.max(1, opts.chunk ?? CHUNK);
  let position = start;
  while (position < horizon) {
    const ranges: [number, number][] = [];
    for (let f = position; ranges.length < parallel && f < horizon; f = Math.min(horizon, f + chunk)) {
      ranges.push([f, Math.min(horizon, f + chunk)]);
    }
    const sums = await Promise.all(ranges.map(([f, t]) => sumChunk(db, f, t)));
    for (const [i, [from, to]] of ranges.entries()) {
      const after = await applyChunk(db, from, to, sums[i] ?? [], now);
      position = after;
      // Another job moved the cursor: start again from where it is.
      if (after !== to) break;
    }
  }
  return { from: start, to: position, caughtUp: true };
}

/**
 * Rebuilds the rollups from scratch: the supervision cases counted again from their table, then every event
 * by the job. No case is opened and no chunk applied meanwhile (locks), so nothing is counted twice or lost.
 */
export async function rebuildRollups(
  db: Db,
  now: Date,
  opts: { parallel?: number; chunk?: number } = {},
): Promise<RollupResult> {
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO assessment_cursors (name, last_event_id, updated_at) VALUES (${ROLLUP_CURSOR}, 0, ${now})
          ON CONFLICT (name) DO NOTHING`,
    );
    await tx.execute(sql`SELECT 1 FROM assessment_cursors WHERE name = ${ROLLUP_CURSOR} FOR UPDATE`);
    await tx.execute(sql`LOCK TABLE supervision_cases IN SHARE MODE`);
    await tx.execute(sql`DELETE FROM assessment_rollups`);
    await tx.execute(
      sql`UPDATE assessment_cursors SET last_event_id = 0, updated_at = ${now} WHERE name = ${ROLLUP_CURSOR}`,
    );
    await tx.execute(
      sql`INSERT INTO assessment_rollups (month, unit_id, urgency, supervision_cases)
          SELECT s.month, s.unit_id, s.urgency, count(*)::int FROM (${supervisionCasesQuery()}) s
          WHERE s.unit_id IS NOT NULL GROUP BY s.month, s.unit_id, s.urgency`,
    );
  });
  return runRollup(db, now, opts);
}

/** Runs the rollup every `intervalMs` in the background (like the timer sweep); errors are logged, not fatal. */
export class RollupJob extends PeriodicJob<RollupResult> {
  constructor(db: Db, clock: { now(): Date }) {
    super(() => runRollup(db, clock.now()), '考核汇总任务失败：');
  }
}
