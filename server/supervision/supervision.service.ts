/**
 * The supervision office's case list (R6.1): every case with its age (how long open) and escalation level
 * (notices issued since it opened), filtered, sorted and paginated in the database.
 */
import { requireCapability } from '../auth/permissions.js';
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { queryRows } from '../db/client.js';
import type { CaseList, CaseListQuery, CaseSort } from '../../shared/schemas/supervision.js';

const ORDER: Record<CaseSort, SQL> = {
  age: sql`opened_at ASC, id ASC`,
  '-age': sql`opened_at DESC, id DESC`,
  notices: sql`notices DESC, opened_at ASC, id ASC`,
};

/** `state` wins; the older `open=false` meant every case. */
const stateOf = (q: CaseListQuery) => q.state ?? (q.open === 'false' ? 'all' : 'open');

export async function listCases(ctx: AppContext, viewer: Viewer, q: CaseListQuery): Promise<CaseList> {
  requireCapability(viewer, 'supervision.view');
  if (q.minNotices !== undefined && q.maxNotices !== undefined && q.minNotices > q.maxNotices)
    throw new AppError('REQUEST.INVALID', '督办次数下限不能大于上限。', {
      fields: [{ field: 'minNotices', message: '下限不能大于上限' }],
    });
  const state = stateOf(q);
  const conditions: SQL[] = [sql`TRUE`];
  if (state === 'open') conditions.push(sql`closed_at IS NULL`);
  if (state === 'closed') conditions.push(sql`closed_at IS NOT NULL`);
  if (q.ticketId) conditions.push(sql`ticket_id = ${q.ticketId}`);
  if (q.reason) conditions.push(sql`reason = ${q.reason}`);
  if (q.unitId) conditions.push(sql`lead_unit_id = ${q.unitId}`);
  if (q.minNotices !== undefined) conditions.push(sql`notices >= ${q.minNotices}`);
  if (q.maxNotices !== undefined) conditions.push(sql`notices <= ${q.maxNotices}`);
  const where = sql.join(conditions, sql` AND `);
  // The level is a count per case, so filters on it apply to the derived table.
  const cases = sql`(SELECT c.id, c.ticket_id, t.code, t.title, t.status, t.lead_unit_id, c.reason, c.opened_at,
        c.closed_at, c.decision,
        (SELECT count(*)::int FROM ticket_events e
          WHERE e.ticket_id = c.ticket_id AND e.action = 'supervise' AND e.at >= c.opened_at
            AND (c.closed_at IS NULL OR e.at <= c.closed_at)) AS notices,
        (SELECT count(*)::int FROM supervision_cases c2 WHERE c2.ticket_id = c.ticket_id) AS times
      FROM supervision_cases c JOIN tickets t ON t.id = c.ticket_id) AS x`;
  const [rows, totals] = await Promise.all([
    queryRows<Record<string, unknown>>(
      ctx.db,
      sql`SELECT * FROM ${cases} WHERE ${where} ORDER BY ${ORDER[q.sort]}
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    ),
    queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${cases} WHERE ${where}`),
  ]);
  const now = ctx.clock.now();
  return { items: rows.map((r) => present(r, now)), total: Number(totals[0]?.n ?? 0) };
}

function present(r: Record<string, unknown>, now: Date) {
  const opened = new Date(r.opened_at as string);
  const closed = r.closed_at ? new Date(r.closed_at as string) : null;
  return {
    id: String(r.id),
    ticketId: String(r.ticket_id),
    ticketCode: String(r.code),
    ticketTitle: String(r.title),
    ticketStatus: String(r.status),
    leadUnitId: (r.lead_unit_id as string | null) ?? null,
    reason: String(r.reason),
    openedAt: opened.toISOString(),
    closedAt: closed?.toISOString() ?? null,
    decision: (r.decision as string | null) ?? null,
    notices: Number(r.notices),
    timesSupervised: Number(r.times),
    openSeconds: Math.floor(((closed ?? now).getTime() - opened.getTime()) / 1000),
  };
}
