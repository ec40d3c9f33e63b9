/**
 * 协调落实 (R5.1): where a ticket needs several departments or responsibility is unclear, the office or the
 * supervision office drafts a proposal to the secretary-general or the vice-mayor in charge; the leader's
 * decision (lead unit, assisting units, note) is recorded and carried out as a dispatch.
 */
import { requireCapability } from '../auth/permissions.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError, notFound } from '../errors.js';
import { act, visibleTicket } from '../tickets/ticket.service.js';
import * as cases from './coordination.repository.js';

export type AddressedTo = 'secretary_general' | 'vice_mayor';

export async function draftCoordination(
  ctx: AppContext,
  viewer: Viewer,
  ticketId: string,
  body: {
    addressedTo: AddressedTo;
    proposal: string;
    suggestedLeadUnitId?: string;
    suggestedAssistUnitIds?: string[];
  },
) {
  requireCapability(viewer, 'coordination.draft');
  await visibleTicket(ctx, viewer, ticketId);
  const created = await cases.insertCase(ctx.db, {
    ticketId,
    addressedTo: body.addressedTo,
    proposal: body.proposal,
    suggestedLeadUnitId: body.suggestedLeadUnitId ?? null,
    suggestedAssistUnitIds: body.suggestedAssistUnitIds ?? [],
    status: 'open',
    draftedBy: viewer.userId,
    draftedAt: ctx.clock.now(),
  });
  if (!created) throw new Error('coordination case not created');
  return present(created);
}

/** Newest first, by status, one page at a time. */
export async function listCoordination(
  ctx: AppContext,
  viewer: Viewer,
  q: { status?: 'open' | 'decided'; page: number; pageSize: number },
) {
  requireCapability(viewer, 'coordination.view');
  const { rows, total } = await cases.listCases(ctx.db, q);
  return {
    items: rows.map((r) => ({ ...present(r.c), ticketCode: r.code, ticketTitle: r.title })),
    total,
  };
}

/** The leader decides; the decision is carried out as a dispatch in the same transaction (R5.1). */
export async function decideCoordination(
  ctx: AppContext,
  viewer: Viewer,
  caseId: string,
  decision: { leadUnitId: string; assistUnitIds: string[]; note: string },
) {
  const c = await cases.findCase(ctx.db, caseId);
  if (!c) throw notFound();
  if (c.status !== 'open') throw new AppError('TICKET.INVALID_TRANSITION', '该协调事项已有决定。');
  const now = ctx.clock.now();
  const ticket = await act(
    ctx,
    viewer,
    c.ticketId,
    {
      type: 'coordinate',
      unitId: decision.leadUnitId,
      assistUnitIds: decision.assistUnitIds,
      note: decision.note,
    },
    {
      inTransaction: async (tx) => {
        if (!(await cases.markDecided(tx, caseId, viewer.userId, now, decision)))
          throw new AppError('TICKET.INVALID_TRANSITION', '该协调事项已有决定。');
      },
    },
  );
  return ticket;
}

function present(c: cases.CoordinationRow) {
  return {
    id: c.id,
    ticketId: c.ticketId,
    addressedTo: c.addressedTo,
    proposal: c.proposal,
    suggestedLeadUnitId: c.suggestedLeadUnitId,
    suggestedAssistUnitIds: c.suggestedAssistUnitIds,
    status: c.status,
    automatic: c.automatic,
    draftedAt: c.draftedAt.toISOString(),
    decidedAt: c.decidedAt?.toISOString() ?? null,
    decision: c.decision ?? null,
  };
}
