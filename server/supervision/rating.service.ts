/**
 * The complainant rates a ticket through the personal link sent with the feedback (R4.6.3; rating-link.ts issues
 * it): the same transition as a revisit, recorded as the complainant's own, through the one write path.
 */
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import * as repo from '../tickets/ticket.repository.js';
import { applyTransition } from '../tickets/ticket.transition.js';
import { tokenHash as hash } from './rating-link.js';
import { ratingTokenWithTicket, useRatingToken } from './supervision.repository.js';
import type { RevisitOutcome } from '../../shared/enums.js';

async function tokenRow(ctx: AppContext, token: string) {
  const row = await ratingTokenWithTicket(ctx.db, hash(token));
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
    if (!(await useRatingToken(tx, hash(token), now)))
      throw new AppError('NOT_FOUND', '评价链接无效、已使用或已过期。');
    const current = await repo.lockTicket(tx, pinned.id);
    if (!current) throw new AppError('NOT_FOUND', '评价链接无效、已使用或已过期。');
    await applyTransition(
      tx,
      current,
      { type: 'revisit', outcome, note },
      { roles: ['office_revisitor'], handlesTicket: false, userId: null, role: 'complainant', unitId: null },
      { now, policy, cal, publicUrl: ctx.config.publicUrl, sms: ctx.config.notifySms },
      { eventData: { via: 'rating-link' } },
    ).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'TICKET.INVALID_TRANSITION')
        throw new AppError('TICKET.INVALID_TRANSITION', '该诉求当前不能评价（可能已由回访员回访）。');
      throw err;
    });
  });
  return { ok: true as const };
}
