/**
 * A lifecycle action on a locked ticket (R4.1–R4.6, R6.1): check the revision and the units named, decide with
 * the pure machine, save through the one write path, re-point the unit links, run the effects. Callers hold the
 * row lock and have checked access; `act` (ticket.service.ts) and the rating link (rating.service.ts) both come here.
 */
import { eq } from 'drizzle-orm';
import { categories, type TicketRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { decide, type Actor, type TicketCommand } from '../../domain/ticket/ticket.machine.js';
import { dispatchDeadlines, returnWindowEnd } from '../../domain/calendar/deadline.js';
import type { PolicyData } from '../../shared/policy.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { Tx } from './ticket.repository.js';
import { applyLinks, checkNamedUnits } from './ticket.links.js';
import { afterTransition } from './ticket.effects.js';
import { checkCitable } from '../knowledge/knowledge.citable.js';
import { MERGED_OWN_ACTIONS, stateOf } from './ticket.presenter.js';
import { checkRevision, saveChange, type ChangeActor } from './ticket.write.js';
import type { SmsPolicy } from '../notifications/handover.js';

export interface TransitionEnv {
  now: Date;
  policy: { version: number; data: PolicyData };
  cal: WorkingCalendar;
  publicUrl: string;
  /** Which hand-over notifications also go out by SMS (JIESU_NOTIFY_SMS). */
  sms?: SmsPolicy;
  /** The locked ticket is known to have no merged tickets (counted under its lock): none to follow it. */
  childless?: boolean;
}

export interface TransitionOptions {
  /** The revision the client saw (If-Match); undefined skips the check. */
  expectedRev?: number;
  /** More event data (e.g. `via: 'rating-link'`, an on-site report's `location`). */
  eventData?: Record<string, unknown>;
  /** The client's Idempotency-Key, stored on the action's event (not on the effects' events). */
  idempotencyKey?: string;
  /** More writes that must commit together with this transition (e.g. recording a coordination decision). */
  inTransaction?: (tx: Tx, updated: TicketRow) => Promise<void>;
}

export async function applyTransition(
  tx: Tx,
  current: TicketRow,
  cmd: TicketCommand,
  actor: Actor & ChangeActor,
  env: TransitionEnv,
  options: TransitionOptions = {},
): Promise<TicketRow> {
  checkRevision(current, options.expectedRev);
  if (current.parentTicketId && !MERGED_OWN_ACTIONS.includes(cmd.type)) {
    throw new AppError('TICKET.INVALID_TRANSITION', '该工单已并入主工单，随主工单办理；反馈后单独回访。');
  }
  const namedUnits = await checkNamedUnits(tx, cmd, current);
  const categoryCode = cmd.type === 'dispatch' ? cmd.categoryCode : undefined;
  if (categoryCode) await checkCategory(tx, categoryCode);
  // An answer at intake cites published articles in force.
  if (cmd.type === 'answer') await checkCitable(tx, cmd.articleIds, env.now);
  const p = env.policy.data;
  const decision = decide(stateOf(current), cmd, actor, {
    now: env.now,
    revisitMaxAttempts: p.revisitMaxAttempts,
    clocks: (urgency, at) => dispatchDeadlines(urgency, at, p, env.cal),
    returnWindowEnd: (urgency, at) => returnWindowEnd(urgency, at, p, env.cal).dueAt,
    reopenWindowDays: p.reopenWindowDays,
  });
  if (!decision.ok) throw new AppError(decision.refusal.code, decision.refusal.message);
  const t = decision.transition;
  const withCategory = categoryCode ? { categoryCode } : {};
  const saved = await saveChange(
    tx,
    current,
    {
      action: t.action,
      actor,
      patch: { ...t.patch, ...withCategory },
      data: { ...t.data, ...withCategory, ...deadlineData(current, t.patch), ...options.eventData },
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    },
    { now: env.now, timers: { policy: p, cal: env.cal } },
  );
  await applyLinks(tx, t, cmd, saved, namedUnits, env.now);
  if (options.inTransaction) await options.inTransaction(tx, saved);
  return afterTransition(tx, t, current, saved, { ...env, actorUserId: actor.userId });
}

async function checkCategory(tx: Tx, code: string): Promise<void> {
  const [cat] = await tx.select({ code: categories.code }).from(categories).where(eq(categories.code, code));
  if (!cat)
    throw new AppError('CATEGORY.NOT_FOUND', `事项分类不存在：${code}`, {
      fields: [{ field: 'categoryCode', message: '事项分类不存在' }],
    });
}

/** The deadlines in force after the change, on the event (the timeline shows when a unit's clock moved). */
function deadlineData(current: TicketRow, patch: Partial<TicketRow>): Record<string, unknown> {
  const completeDueAt = 'completeDueAt' in patch ? patch.completeDueAt : current.completeDueAt;
  if (!completeDueAt) return {};
  const verifyDueAt = 'verifyDueAt' in patch ? patch.verifyDueAt : current.verifyDueAt;
  return {
    completeDueAt: completeDueAt.toISOString(),
    verifyDueAt: verifyDueAt?.toISOString() ?? null,
    provisionalCalendar: patch.provisionalCalendar ?? current.provisionalCalendar,
  };
}
