/**
 * What follows a transition inside the same transaction: the revisit draw after feedback (R4.6.2),
 * supervision cases opened and closed (R6.1), automatic coordination (R5.1), merged tickets following their
 * parent (issue 5 §8).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { supervisionCases, tickets, type TicketRow } from '../db/schema.js';
import type { Transition } from '../../domain/ticket/ticket.machine.js';
import { drawForRevisit, revisitSeed } from '../../domain/revisit/sampling.js';
import type { PolicyData } from '../../shared/policy.js';
import type { TicketStatus, Urgency } from '../../shared/enums.js';
import { appendEvent, type Tx } from './ticket.repository.js';
import type { TicketEventType } from '../../shared/events.js';
import { openAutomaticCoordination } from '../coordination/coordination.service.js';
import { followParent } from './duplicates.service.js';
import { notifyRole } from '../notifications/notification.service.js';

type IssueLink = (tx: Tx, row: TicketRow, at: Date) => Promise<void>;

export async function afterTransition(
  tx: Tx,
  t: Transition,
  ticket: TicketRow,
  policy: { version: number; data: PolicyData },
  actorUserId: string | null,
  now: Date,
  issueLink?: IssueLink,
): Promise<TicketRow> {
  let row = ticket;
  const a = t.action;
  if (a === 'feedback') row = await drawAfterFeedback(tx, row, policy, now, issueLink);
  if (a === 'revisit' && t.to === 'supervising')
    await openCase(tx, row, 'unsatisfied', actorUserId, now, { note: t.data.note });
  if (a === 'revisit' && t.to === 'archived')
    await closeCases(tx, row.id, now, `回访结果：${String(t.data.outcome)}`);
  if (a === 'close-supervision') await closeCases(tx, row.id, now, String(t.data.decision ?? ''));
  if (a === 'reopen') await openCase(tx, row, 'reopened', actorUserId, now, { reason: t.data.reason });
  // Issue 5 §6: a ticket that has bounced twice goes to coordination automatically (R5.1).
  if (a === 'return' && row.returnCount >= 2) await openAutomaticCoordination(tx, row, now);
  await followParent(tx, row, t.action, now);
  return row;
}

/** R4.6.1/R4.6.2: urgent tickets and the drawn sample of general tickets wait for a revisit; the rest are archived. */
async function drawAfterFeedback(
  tx: Tx,
  row: TicketRow,
  policy: { version: number; data: PolicyData },
  now: Date,
  issueLink?: IssueLink,
) {
  const draw = drawForRevisit(
    row.id,
    row.urgency as Urgency,
    revisitSeed(policy.version),
    policy.data.revisitSampleRate,
  );
  if (draw.drawn) {
    await appendEvent(tx, systemEvent(row, 'revisit-draw', row.status as TicketStatus, now, { ...draw }));
    // Issue 6 §2: the complainant may rate through a personal link instead of waiting for the call.
    if (issueLink) await issueLink(tx, row, now);
    return row;
  }
  const [archived] = await tx
    .update(tickets)
    .set({ status: 'archived', archivedAt: now, updatedAt: now })
    .where(eq(tickets.id, row.id))
    .returning();
  await appendEvent(tx, systemEvent(row, 'archive', 'archived', now, { reason: 'not-sampled', ...draw }));
  return archived ?? row;
}

async function openCase(
  tx: Tx,
  row: TicketRow,
  reason: 'unsatisfied' | 'reopened' | 'manual',
  by: string | null,
  at: Date,
  data: Record<string, unknown>,
) {
  await tx.insert(supervisionCases).values({
    ticketId: row.id,
    reason,
    openedAt: at,
    openedBy: by,
    data: { ...data, unitId: row.leadUnitId },
  });
  await notifyRole(tx, 'supervisor', {
    ticketId: row.id,
    kind: 'supervision',
    title: `督办：${row.code}`,
    body:
      reason === 'unsatisfied'
        ? `工单「${row.title}」回访不满意，转督办（R6.1）。`
        : `工单「${row.title}」已重新办理，转督办（R6.1）。`,
    at,
  });
}

export async function closeCases(tx: Tx, ticketId: string, at: Date, decision: string): Promise<void> {
  await tx
    .update(supervisionCases)
    .set({ closedAt: at, decision })
    .where(and(eq(supervisionCases.ticketId, ticketId), isNull(supervisionCases.closedAt)));
}

function systemEvent(
  row: TicketRow,
  action: TicketEventType,
  to: TicketStatus,
  at: Date,
  data: Record<string, unknown>,
) {
  return {
    ticketId: row.id,
    at,
    actorUserId: null,
    actorRole: 'system',
    actorUnitId: null,
    action,
    fromStatus: row.status as TicketStatus,
    toStatus: to,
    data,
  };
}
