/**
 * The timer rows of tickets (ADR 0003): the write path replaces a ticket's pending timers with what its state
 * needs, in the same transaction as the change; the sweep claims due timers and marks them fired.
 */
import { sql } from 'drizzle-orm';
import { ticketTimers, type TicketRow } from '../db/schema.js';
import { queryRows } from '../db/client.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { stateOf } from '../tickets/ticket.presenter.js';
import { desiredTimers } from '../../domain/ticket/ticket.timers.js';
import type { PolicyData } from '../../shared/policy.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';

/**
 * Replaces a ticket's pending timers with the ones its current state needs, in one statement: pending timers no
 * longer wanted are deleted, wanted ones are inserted unless the same timer exists already (pending: kept as it
 * is; fired: not fired again).
 */
export async function syncTimers(
  tx: Tx,
  row: TicketRow,
  policy: PolicyData,
  cal: WorkingCalendar,
): Promise<void> {
  const wanted = desiredTimers(stateOf(row), policy, cal);
  if (wanted.length === 0) {
    await tx.execute(sql`DELETE FROM ticket_timers WHERE ticket_id = ${row.id} AND fired_at IS NULL`);
    return;
  }
  const kinds = sql.param(wanted.map((t) => t.kind));
  const dues = sql.param(wanted.map((t) => t.dueAt.toISOString()));
  await tx.execute(sql`
    WITH wanted AS (SELECT * FROM unnest(${kinds}::text[], ${dues}::timestamptz[]) AS w(kind, due_at)),
    gone AS (
      DELETE FROM ticket_timers t WHERE t.ticket_id = ${row.id} AND t.fired_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.kind = t.kind AND w.due_at = t.due_at))
    INSERT INTO ticket_timers (ticket_id, kind, due_at) SELECT ${row.id}::uuid, kind, due_at FROM wanted
    ON CONFLICT DO NOTHING`);
}

export interface DueTimer {
  id: number;
  ticket_id: string;
  kind: 'warning' | 'overdue';
  due_at: Date;
}

/**
 * Claims up to `limit` timers due by `now`, oldest first, locking them and their tickets for the caller's
 * transaction; rows another process holds are skipped (FOR UPDATE SKIP LOCKED), so each fires exactly once.
 */
export async function claimDueTimers(tx: Tx, now: Date, limit: number): Promise<DueTimer[]> {
  return queryRows<DueTimer>(
    tx,
    sql`SELECT tt.id, tt.ticket_id, tt.kind, tt.due_at FROM ticket_timers tt
        JOIN tickets t ON t.id = tt.ticket_id
        WHERE tt.fired_at IS NULL AND tt.due_at <= ${now}
        ORDER BY tt.due_at LIMIT ${limit}
        FOR UPDATE OF tt, t SKIP LOCKED`,
  );
}

export async function markFired(tx: Tx, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`UPDATE ticket_timers SET fired_at = ${at} WHERE id IN ${ids}`);
}

/** Records a warning due at `dueAt` as a pending timer (once: a timer of that kind and time is kept as it is). */
export async function planFiredWarning(tx: Tx, ticketId: string, dueAt: Date): Promise<void> {
  await tx.insert(ticketTimers).values({ ticketId, kind: 'warning', dueAt }).onConflictDoNothing();
}

/** The ticket's warning timers due by `now` and not yet fired, locked for the caller's transaction. */
export async function pendingWarningsDue(tx: Tx, ticketId: string, now: Date): Promise<DueTimer[]> {
  return queryRows<DueTimer>(
    tx,
    sql`SELECT id, ticket_id, kind, due_at FROM ticket_timers
        WHERE ticket_id = ${ticketId} AND kind = 'warning' AND fired_at IS NULL AND due_at <= ${now}
        FOR UPDATE SKIP LOCKED`,
  );
}
