/**
 * The one write path of a ticket. Every change of a ticket's state, deadlines or links — lifecycle actions, the
 * complainant's rating link, archiving after the revisit draw, overdue marking, merge and follow-parent, calendar
 * recomputation, coordination decisions — is saved by `saveChange`, inside a transaction that holds the row lock:
 * the row is updated with `rev + 1`, the pending timers follow the new state, the event is appended and the
 * outbox's deliveries it causes are written (server/integrations/outbox.repository.ts). A change
 * without an event cannot be expressed. No other code updates `tickets`: the repository's `updateTicket` is called
 * from here alone (write-path.test.ts checks the sources).
 */
import type { TicketRow } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { addSearchWords, appendEvent, updateTicket, type Tx } from './ticket.repository.js';
import { notesVectorLiteral } from '../search/segment.js';
import { syncTimers } from '../timers/timer.repository.js';
import { enqueueReportBacks, webhookDeliveries } from '../integrations/outbox.repository.js';
import type { TicketEventType } from '../../shared/events.js';
import type { PolicyData } from '../../shared/policy.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';

/** The columns a change may set: everything but identity, registration facts and personal data. */
export type TicketPatch = Partial<
  Omit<
    TicketRow,
    | 'id'
    | 'code'
    | 'rev'
    | 'updatedAt'
    | 'registeredAt'
    | 'complainantNameEnc'
    | 'complainantPhoneEnc'
    | 'complainantPhoneHash'
    | 'complainantIdNumberEnc'
    | 'complainantAddressEnc'
    | 'searchVector'
    | 'similarityKeys'
  >
>;

/** Who caused the change: a user, the complainant (rating link) or the system (timers, effects). */
export interface ChangeActor {
  userId: string | null;
  role: string | null;
  unitId: string | null;
}

export const SYSTEM: ChangeActor = { userId: null, role: 'system', unitId: null };

export interface TicketChange {
  action: TicketEventType;
  actor: ChangeActor;
  patch: TicketPatch;
  data: Record<string, unknown>;
  /** The client's Idempotency-Key of the request that made this change, kept on its event. */
  idempotencyKey?: string;
}

/** What a save needs besides the row: the time, and what the pending timers are recomputed from. */
export interface WriteEnv {
  now: Date;
  /**
   * The ticket's pinned policy and the calendar: the pending timers are replaced with what the new state needs.
   * `keep` leaves them, for a change a timer makes as it fires (re-creating that timer would fire it again).
   */
  timers: { policy: PolicyData; cal: WorkingCalendar } | 'keep';
}

/**
 * Saves one change of a locked ticket (the caller holds `FOR UPDATE` in `tx`) and appends its event. A change
 * with an empty patch only appends the event: the ticket itself, and so its revision, stays as it was.
 */
export async function saveChange(
  tx: Tx,
  current: TicketRow,
  change: TicketChange,
  env: WriteEnv,
): Promise<TicketRow> {
  let updated = current;
  // Ticket search (ADR 0010): what the change wrote — a reply, a result, a note — becomes searchable at once.
  const notes = notesVectorLiteral(change.data);
  const changed = Object.keys(change.patch).length > 0;
  if (changed) {
    const row = await updateTicket(tx, current.id, change.patch, env.now, notes || undefined);
    if (!row) throw notFound();
    updated = row;
    if (env.timers !== 'keep') await syncTimers(tx, updated, env.timers.policy, env.timers.cal);
  }
  // What leaves the platform because of this event — partners' report-backs, webhooks — is written in the same
  // transaction: it exists exactly when the event does (server/integrations/, docs/integrations-outbound.md). The
  // webhooks' deliveries are written by the event's own statement.
  const outbound = {
    ticket: updated,
    type: change.action,
    at: env.now,
    fromStatus: current.status,
    data: change.data,
  };
  await appendEvent(
    tx,
    {
      ticketId: current.id,
      at: env.now,
      actorUserId: change.actor.userId,
      actorRole: change.actor.role,
      actorUnitId: change.actor.unitId,
      action: change.action,
      fromStatus: current.status,
      toStatus: updated.status,
      data: change.data,
      idempotencyKey: change.idempotencyKey ?? null,
    },
    webhookDeliveries(outbound),
  );
  if (notes && !changed) await addSearchWords(tx, current.id, notes);
  await enqueueReportBacks(tx, outbound);
  return updated;
}

/**
 * Optimistic concurrency: a client that sends the revision it saw (`If-Match`) is refused when the ticket has
 * changed since; a client that sends none is not checked.
 */
export function checkRevision(current: TicketRow, expectedRev: number | undefined): void {
  if (expectedRev === undefined || expectedRev === current.rev) return;
  throw new AppError('TICKET.STALE', '该工单已被他人更新，请刷新后再操作。', {
    fields: [{ field: 'If-Match', message: `工单版本已是 ${current.rev}，请求基于版本 ${expectedRev}` }],
  });
}
