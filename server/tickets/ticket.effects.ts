/**
 * What follows a transition inside the same transaction: the revisit draw after feedback (R4.6.2),
 * supervision cases opened and closed (R6.1), automatic coordination (R5.1), the people who act next told
 * (notifications/handover.ts), a deadline moved into its warning window warned at once, merged tickets following
 * their parent (R2.2).
 */
import type { TicketRow } from '../db/schema.js';
import type { Transition } from '../../domain/ticket/ticket.machine.js';
import { drawForRevisit, revisitSeed } from '../../domain/revisit/sampling.js';
import type { PolicyData } from '../../shared/policy.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { Tx } from './ticket.repository.js';
import { openAutomaticCoordination } from '../coordination/coordination.effects.js';
import { followParent } from './ticket.follow.js';
import { notifyRole } from '../notifications/notification.service.js';
import { notifyHandover, type SmsPolicy } from '../notifications/handover.js';
import { warnNowIfDue } from '../timers/timer.service.js';
import { issueRatingLink } from '../supervision/rating-link.js';
import { queueSms } from '../sms/sms.queue.js';
import { closeOpenCases, insertCase } from '../supervision/supervision.repository.js';
import { saveChange, SYSTEM } from './ticket.write.js';

export interface EffectsEnv {
  now: Date;
  policy: { version: number; data: PolicyData };
  cal: WorkingCalendar;
  publicUrl: string;
  actorUserId: string | null;
  /** JIESU_NOTIFY_SMS (default off). */
  sms?: SmsPolicy;
  /** No merged tickets to follow this one (known from its lock; ticket.transition.ts). */
  childless?: boolean;
}

export async function afterTransition(
  tx: Tx,
  t: Transition,
  before: TicketRow,
  ticket: TicketRow,
  env: EffectsEnv,
): Promise<TicketRow> {
  let row = ticket;
  const a = t.action;
  const { now, actorUserId } = env;
  // R4.5: a unit that feeds back by SMS sends its reply through the SMS outbox (the rating link follows).
  if (a === 'feedback' && t.data.method === 'sms' && typeof t.data.toComplainant === 'string')
    await queueSms(tx, {
      kind: 'complainant.reply',
      toEnc: row.complainantPhoneEnc,
      vars: { code: row.code, reply: t.data.toComplainant },
      ticketId: row.id,
      at: now,
    });
  // R4.6.2 and an answer at intake is revisited by the same sampling rule as feedback.
  if (a === 'feedback' || a === 'answer') row = await drawAfterFeedback(tx, row, env);
  if (a === 'revisit' && t.to === 'supervising')
    await openCase(tx, row, 'unsatisfied', actorUserId, now, { note: t.data.note });
  if (a === 'revisit' && t.to === 'archived')
    await closeOpenCases(tx, row.id, now, `回访结果：${String(t.data.outcome)}`);
  if (a === 'close-supervision') await closeOpenCases(tx, row.id, now, String(t.data.decision ?? ''));
  if (a === 'reopen') await openCase(tx, row, 'reopened', actorUserId, now, { reason: t.data.reason });
  // A ticket that has bounced twice goes to coordination automatically (R5.1).
  if (a === 'return' && row.returnCount >= 2) await openAutomaticCoordination(tx, row, now);
  await notifyHandover(tx, t, before, row, { now, actorUserId, sms: env.sms ?? 'off' });
  // A deadline moved (督办, a promised date) into its warning window warns now, not at the next sweep.
  if ('completeDueAt' in t.patch)
    await warnNowIfDue(tx, row, env.policy.data, env.cal, now, env.sms ?? 'off');
  if (!env.childless)
    await followParent(tx, row, t.action, { now, timers: { policy: env.policy.data, cal: env.cal } });
  return row;
}

/** R4.6.1/R4.6.2: urgent tickets and the drawn sample of general tickets wait for a revisit; the rest are archived. */
async function drawAfterFeedback(tx: Tx, row: TicketRow, env: EffectsEnv) {
  const { policy, now } = env;
  const draw = drawForRevisit(
    row.id,
    row.urgency,
    revisitSeed(policy.version),
    policy.data.revisitSampleRate,
  );
  const write = { now, timers: { policy: policy.data, cal: env.cal } };
  if (draw.drawn) {
    await saveChange(tx, row, { action: 'revisit-draw', actor: SYSTEM, patch: {}, data: { ...draw } }, write);
    // R4.6.3: the complainant may rate through a personal link instead of waiting for the call.
    await issueRatingLink(tx, env.publicUrl, row, now);
    return row;
  }
  return saveChange(
    tx,
    row,
    {
      action: 'archive',
      actor: SYSTEM,
      patch: { status: 'archived', archivedAt: now },
      data: { reason: 'not-sampled', ...draw },
    },
    write,
  );
}

async function openCase(
  tx: Tx,
  row: TicketRow,
  reason: 'unsatisfied' | 'reopened' | 'manual',
  by: string | null,
  at: Date,
  data: Record<string, unknown>,
) {
  await insertCase(tx, {
    ticketId: row.id,
    reason,
    openedAt: at,
    openedBy: by,
    data: { ...data, unitId: row.leadUnitId },
  });
  await notifyRole(tx, 'supervisor', {
    ticketId: row.id,
    kind: 'supervision',
    notice: {
      t: 'supervision',
      reason,
      code: row.code,
      title: row.title,
      due: row.completeDueAt?.toISOString() ?? null,
    },
    at,
  });
}
