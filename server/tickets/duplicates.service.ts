/**
 * Duplicates and merging. Suggestions never decrypt anything: the same complainant is found by
 * the keyed phone hash. A merged ticket follows its parent's handling up to feedback, so every complainant is
 * told the result; each is then revisited on its own ticket.
 */
import { requireCapability } from '../auth/permissions.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError, notFound } from '../errors.js';
import { indexedWords } from '../search/segment.js';
import { lookupKeys } from '../../domain/dispatch/similarity-keys.js';
import {
  contentWords,
  likelyDuplicates,
  SAME_PHONE_DAYS,
  SIMILAR_TEXT_DAYS,
} from '../../domain/dispatch/duplicates.js';
import * as repo from './ticket.repository.js';
import { saveChange } from './ticket.write.js';
import { audit } from '../audit/audit.service.js';
import { followParent } from './ticket.follow.js';

/** Candidates of each kind (same phone; similar text nearby, best ranked first) the check compares. */
const CANDIDATE_LIMIT = 30;

export interface DuplicateView {
  id: string;
  code: string;
  title: string;
  status: string;
  registeredAt: string;
  reason: 'same-phone' | 'similar-text';
  score: number;
}

export async function findDuplicates(
  ctx: AppContext,
  subject: { id?: string; phoneHash: string | null; district: string | null; title: string; content: string },
): Promise<DuplicateView[]> {
  const now = ctx.clock.now();
  const since = (days: number) => new Date(now.getTime() - days * 86_400_000);
  // The subject's words as its search vector holds them; candidates bring theirs from the index (ADR 0010).
  const words = contentWords(indexedWords(subject.title, subject.content));
  const rows = await repo.duplicateCandidates(ctx.db, {
    phone: subject.phoneHash ? { hash: subject.phoneHash, since: since(SAME_PHONE_DAYS) } : undefined,
    district: subject.district
      ? {
          code: subject.district,
          since: since(SIMILAR_TEXT_DAYS),
          keys: lookupKeys(words, subject.district, now),
        }
      : undefined,
    excludeId: subject.id,
    limit: CANDIDATE_LIMIT,
  });
  const matches = likelyDuplicates(
    { id: subject.id, at: now, phoneHash: subject.phoneHash, district: subject.district, words },
    rows.map((r) => ({ ...r, words: contentWords(r.words) })),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return matches.map((m) => {
    const r = byId.get(m.id) as (typeof rows)[number];
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      status: r.status,
      registeredAt: r.registeredAt.toISOString(),
      reason: m.reason,
      score: m.score,
    };
  });
}

/** The office merges a registered ticket under a parent. */
export async function mergeTicket(
  ctx: AppContext,
  viewer: Viewer,
  childId: string,
  parentId: string,
): Promise<void> {
  requireCapability(viewer, 'ticket.merge');
  if (childId === parentId)
    throw new AppError('REQUEST.INVALID', '不能与自身合并。', {
      fields: [{ field: 'parentId', message: '不能与自身合并' }],
    });
  const now = ctx.clock.now();
  const pinned = await repo.findTicket(ctx.db, childId);
  if (!pinned) throw notFound();
  // Read before the transaction: PGlite has one connection (see act in ticket.service.ts).
  const write = {
    now,
    timers: { policy: (await ctx.policy.get(pinned.policyVersion)).data, cal: await ctx.calendar.calendar() },
  };
  await ctx.db.transaction(async (tx) => {
    const child = await repo.lockTicket(tx, childId);
    const parent = await repo.lockTicket(tx, parentId);
    if (!child) throw notFound();
    if (!parent)
      throw new AppError('REQUEST.INVALID', '主工单不存在。', {
        fields: [{ field: 'parentId', message: '主工单不存在' }],
      });
    if (child.status !== 'registered' || child.parentTicketId) {
      throw new AppError('TICKET.INVALID_TRANSITION', '只有尚未转办、未被合并的工单可以并入其他工单。');
    }
    if (parent.parentTicketId || parent.status === 'archived') {
      throw new AppError('TICKET.INVALID_TRANSITION', '主工单已被合并或已归档，不能作为主工单。');
    }
    const actor = { userId: viewer.userId, role: 'office_operator', unitId: viewer.unitId };
    const merged = await saveChange(
      tx,
      child,
      {
        action: 'merge',
        actor,
        patch: { parentTicketId: parentId },
        data: { parentId, parentCode: parent.code },
      },
      write,
    );
    await saveChange(
      tx,
      parent,
      { action: 'merge-child', actor, patch: {}, data: { childId, childCode: child.code } },
      write,
    );
    await followParent(tx, parent, 'merge', write, [merged]);
  });
}

/**
 * Separates a merged ticket again (取消合并, R2.2): the office only, through the one write path, with an event on
 * both tickets and an audit record. The ticket keeps the state, units and deadlines it followed, and from now on
 * is handled on its own.
 */
export async function unmergeTicket(
  ctx: AppContext,
  viewer: Viewer,
  childId: string,
  reason: string,
): Promise<void> {
  requireCapability(viewer, 'ticket.merge');
  const now = ctx.clock.now();
  const pinned = await repo.findTicket(ctx.db, childId);
  if (!pinned) throw notFound();
  const write = {
    now,
    timers: { policy: (await ctx.policy.get(pinned.policyVersion)).data, cal: await ctx.calendar.calendar() },
  };
  await ctx.db.transaction(async (tx) => {
    const child = await repo.lockTicket(tx, childId);
    if (!child) throw notFound();
    const parentId = child.parentTicketId;
    if (!parentId) throw new AppError('TICKET.INVALID_TRANSITION', '该工单未被合并，无需取消合并。');
    const parent = await repo.lockTicket(tx, parentId);
    const actor = { userId: viewer.userId, role: 'office_operator', unitId: viewer.unitId };
    await saveChange(
      tx,
      child,
      {
        action: 'unmerge',
        actor,
        patch: { parentTicketId: null },
        data: { parentId, parentCode: parent?.code ?? null, reason },
      },
      write,
    );
    if (parent)
      await saveChange(
        tx,
        parent,
        { action: 'unmerge-child', actor, patch: {}, data: { childId, childCode: child.code, reason } },
        write,
      );
  });
  await audit(ctx.db, {
    at: now,
    actor: viewer,
    action: 'ticket.unmerge',
    ticketId: childId,
    outcome: 'success',
  });
}
