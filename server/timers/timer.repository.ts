/**
 * The timer rows of a ticket (ADR 0003): the write path replaces them with what the ticket's state needs, in the
 * same transaction as the change.
 */
import { sql } from 'drizzle-orm';
import { ticketTimers, type TicketRow } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { stateOf } from '../tickets/ticket.presenter.js';
import { desiredTimers } from '../../domain/ticket/ticket.timers.js';
import type { PolicyData } from '../../shared/policy.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';

/** Replaces a ticket's pending timers with the ones its current state needs. */
export async function syncTimers(
  tx: Tx,
  row: TicketRow,
  policy: PolicyData,
  cal: WorkingCalendar,
): Promise<void> {
  await tx.execute(sql`DELETE FROM ticket_timers WHERE ticket_id = ${row.id} AND fired_at IS NULL`);
  const wanted = desiredTimers(stateOf(row), policy, cal);
  if (wanted.length === 0) return;
  await tx
    .insert(ticketTimers)
    .values(wanted.map((t) => ({ ticketId: row.id, kind: t.kind, dueAt: t.dueAt })))
    .onConflictDoNothing();
}
