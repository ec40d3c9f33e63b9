/**
 * The rollup job (issue 7 §7): adds the facts of ticket events past a stored cursor (the last processed event
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
import { aggregate, EVENT_FIGURES, FACT_COLUMNS, factsQuery } from './assessment.facts.js';

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
    if ((err as { code?: string }).code === '55P03') return null; // lock_not_available
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

/** Processes every committed event past the cursor, in chunks. */
export async function runRollup(db: Db, now: Date): Promise<RollupResult> {
  const start = await cursorPosition(db);
  const horizon = await committedHorizon(db);
  if (horizon === null) return { from: start, to: start, caughtUp: false };
  let position = start;
  while (position < horizon) {
    position = await db.transaction(async (tx) => {
      await tx.execute(
        sql`INSERT INTO assessment_cursors (name, last_event_id, updated_at) VALUES (${ROLLUP_CURSOR}, 0, ${now})
            ON CONFLICT (name) DO NOTHING`,
      );
      const [c] = await queryRows<{ last_event_id: string | number }>(
        tx,
        sql`SELECT last_event_id FROM assessment_cursors WHERE name = ${ROLLUP_CURSOR} FOR UPDATE`,
      );
      const from = Number(c?.last_event_id ?? 0);
      // Another job may have gone past the horizon meanwhile: nothing left to do.
      if (from >= horizon) return from;
      const to = Math.min(horizon, from + CHUNK);
      await tx.execute(
        sql`INSERT INTO assessment_rollups (month, unit_id, urgency, ${UPSERT_COLUMNS})
            ${aggregate(factsQuery(sql`e.id > ${from} AND e.id <= ${to}`))}
            ON CONFLICT (month, unit_id, urgency) DO UPDATE SET ${UPSERT_SET}`,
      );
      await tx.execute(
        sql`UPDATE assessment_cursors SET last_event_id = ${to}, updated_at = ${now} WHERE name = ${ROLLUP_CURSOR}`,
      );
      return to;
    });
  }
  return { from: start, to: position, caughtUp: true };
}

/** Runs the rollup every `intervalMs` in the background (like the timer sweep); errors are logged, not fatal. */
export class RollupJob {
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<RollupResult> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: { now(): Date },
  ) {}

  /** Catches up now; concurrent calls in one process share one run. */
  run(): Promise<RollupResult> {
    this.running ??= runRollup(this.db, this.clock.now()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    const tick = () => {
      this.run().catch((err: unknown) => console.error('考核汇总任务失败：', err));
    };
    tick();
    this.handle = setInterval(tick, intervalMs);
    this.handle.unref();
  }

  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
    await this.running;
  }
}
