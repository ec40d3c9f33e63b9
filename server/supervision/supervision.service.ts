/**
 * The supervision office's case list (R6.1): every case with its age (how long open) and escalation level
 * (notices issued since it opened), filtered, sorted and paginated in the database.
 */
import { requireCapability } from '../auth/permissions.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import type { CaseList, CaseListQuery } from '../../shared/schemas/supervision.js';
import * as cases from './supervision.repository.js';

/** `state` wins; the older `open=false` meant every case. */
const stateOf = (q: CaseListQuery) => q.state ?? (q.open === 'false' ? 'all' : 'open');

export async function listCases(ctx: AppContext, viewer: Viewer, q: CaseListQuery): Promise<CaseList> {
  requireCapability(viewer, 'supervision.view');
  if (q.minNotices !== undefined && q.maxNotices !== undefined && q.minNotices > q.maxNotices)
    throw new AppError('REQUEST.INVALID', '督办次数下限不能大于上限。', {
      fields: [{ field: 'minNotices', message: '下限不能大于上限' }],
    });
  const { rows, total } = await cases.listCases(ctx.db, {
    state: stateOf(q),
    ticketId: q.ticketId,
    reason: q.reason,
    unitId: q.unitId,
    minNotices: q.minNotices,
    maxNotices: q.maxNotices,
    sort: q.sort,
    page: q.page,
    pageSize: q.pageSize,
  });
  const now = ctx.clock.now();
  return { items: rows.map((r) => present(r, now)), total };
}

function present(r: cases.CaseRow, now: Date) {
  const opened = new Date(r.opened_at);
  const closed = r.closed_at ? new Date(r.closed_at) : null;
  return {
    id: String(r.id),
    ticketId: String(r.ticket_id),
    ticketCode: String(r.code),
    ticketTitle: String(r.title),
    ticketStatus: String(r.status),
    leadUnitId: r.lead_unit_id ?? null,
    reason: String(r.reason),
    openedAt: opened.toISOString(),
    closedAt: closed?.toISOString() ?? null,
    decision: r.decision ?? null,
    notices: Number(r.notices),
    timesSupervised: Number(r.times),
    openSeconds: Math.floor(((closed ?? now).getTime() - opened.getTime()) / 1000),
  };
}
