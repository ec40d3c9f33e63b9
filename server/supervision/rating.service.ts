/**
 * The complainant's personal rating link (issue 6 §2): sent with the feedback, an unguessable token that
 * rates that ticket once, instead of a call. Only the token's SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { outboxMessages, ratingTokens, tickets, type TicketRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Tx } from '../tickets/ticket.repository.js';
import * as repo from '../tickets/ticket.repository.js';
import { decide } from '../../domain/ticket/ticket.machine.js';
import { stateOf } from '../tickets/ticket.presenter.js';
import { afterTransition } from '../tickets/ticket.effects.js';
import { syncTimers } from '../timers/timer.service.js';
import type { RevisitOutcome } from '../../shared/enums.js';

const LINK_DAYS = 15;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates the link and queues the SMS that carries it (same transaction as the feedback). */
export async function issueRatingLink(ctx: AppContext, tx: Tx, ticket: TicketRow, at: Date): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  await tx.insert(ratingTokens).values({
    tokenHash: hash(token),
    ticketId: ticket.id,
    createdAt: at,
    expiresAt: new Date(at.getTime() + LINK_DAYS * 86_400_000),
  });
  const link = `${ctx.config.publicUrl}/public/rate#${token}`;
  await tx.insert(outboxMessages).values({
    channel: 'sms',
    toEnc: ticket.complainantPhoneEnc,
    body: `【吉林市民生诉求】您反映的问题（受理编号 ${ticket.code}）已办理并反馈，请您评价：${link}`,
    ticketId: ticket.id,
    createdAt: at,
  });
}

async function tokenRow(ctx: AppContext, token: string) {
  const [row] = await ctx.db
    .select({ t: ratingTokens, ticket: tickets })
    .from(ratingTokens)
    .innerJoin(tickets, eq(tickets.id, ratingTokens.ticketId))
    .where(eq(ratingTokens.tokenHash, hash(token)));
  const now = ctx.clock.now();
  if (!row || row.t.usedAt || row.t.expiresAt.getTime() < now.getTime()) {
    throw new AppError('NOT_FOUND', '评价链接无效、已使用或已过期。');
  }
  return row;
}

export async function ratingInfo(ctx: AppContext, token: string) {
  const { ticket } = await tokenRow(ctx, token);
  return {
    code: ticket.code,
    title: ticket.title,
    status: ticket.status,
    canRate: ticket.status === 'replied',
  };
}

/** The complainant rates: the same transition as a revisit (R4.6.3), recorded as the complainant's own. */
export async function rateByLink(
  ctx: AppContext,
  token: string,
  outcome: Exclude<RevisitOutcome, 'unreachable'>,
  note: string,
) {
  const { ticket: pinned } = await tokenRow(ctx, token);
  const policy = await ctx.policy.get(pinned.policyVersion);
  const cal = await ctx.calendar.calendar();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const used = await tx
      .update(ratingTokens)
      .set({ usedAt: now })
      .where(and(eq(ratingTokens.tokenHash, hash(token)), isNull(ratingTokens.usedAt)))
      .returning({ ticketId: ratingTokens.ticketId });
    if (used.length === 0) throw new AppError('NOT_FOUND', '评价链接无效、已使用或已过期。');
    const current = await repo.lockTicket(tx, pinned.id);
    if (!current) throw new AppError('NOT_FOUND', '评价链接无效、已使用或已过期。');
    const d = decide(
      stateOf(current),
      { type: 'revisit', outcome, note },
      { roles: ['office_revisitor'], handlesTicket: false },
      {
        now,
        revisitMaxAttempts: policy.data.revisitMaxAttempts,
        clocks: () => ({ verifyDueAt: null, completeDueAt: now, provisionalCalendar: false }),
      },
    );
    if (!d.ok) throw new AppError('TICKET.INVALID_TRANSITION', '该诉求当前不能评价（可能已由回访员回访）。');
    const t = d.transition;
    const [updated] = await tx
      .update(tickets)
      .set({ ...t.patch, updatedAt: now })
      .where(eq(tickets.id, current.id))
      .returning();
    if (!updated) throw new AppError('NOT_FOUND', '评价链接无效。');
    await syncTimers(tx, updated, policy.data, cal);
    await repo.appendEvent(tx, {
      ticketId: current.id,
      at: now,
      actorUserId: null,
      actorRole: 'complainant',
      actorUnitId: null,
      action: 'revisit',
      fromStatus: t.from,
      toStatus: t.to,
      data: { ...t.data, via: 'rating-link' },
    });
    await afterTransition(tx, t, updated, policy, null, now);
  });
  return { ok: true as const };
}
