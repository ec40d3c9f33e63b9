/**
 * SQL for supervision (R6.1) and the complainant's rating link (R4.6.3): supervision cases opened, closed and
 * listed with their age and notices, and the rating tokens with the ticket they rate.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { ratingTokens, supervisionCases, tickets } from '../db/schema.js';
import { queryRows } from '../db/client.js';
import type { Tx } from '../tickets/ticket.repository.js';
import type { CaseSort, SupervisionReason } from '../../shared/schemas/supervision.js';

/** Opens a supervision case; answers its id. */
export async function insertCase(
  tx: Tx,
  c: {
    ticketId: string;
    reason: SupervisionReason;
    openedAt: Date;
    openedBy?: string | null;
    data: Record<string, unknown>;
  },
): Promise<string | undefined> {
  const [row] = await tx.insert(supervisionCases).values(c).returning({ id: supervisionCases.id });
  return row ? String(row.id) : undefined;
}

/** Closes every open case of the ticket with the decision. */
export async function closeOpenCases(tx: Tx, ticketId: string, at: Date, decision: string): Promise<void> {
  await tx
    .update(supervisionCases)
    .set({ closedAt: at, decision })
    .where(and(eq(supervisionCases.ticketId, ticketId), isNull(supervisionCases.closedAt)));
}

export interface CaseFilter {
  state: 'open' | 'closed' | 'all';
  ticketId?: string;
  reason?: SupervisionReason;
  unitId?: string;
  minNotices?: number;
  maxNotices?: number;
  sort: CaseSort;
  page: number;
  pageSize: number;
}

/** A case row with its ticket, notices (supervise events while open) and how often the ticket was supervised. */
export interface CaseRow {
  id: string;
  ticket_id: string;
  code: string;
  title: string;
  status: string;
  lead_unit_id: string | null;
  reason: SupervisionReason;
  opened_at: string | Date;
  closed_at: string | Date | null;
  decision: string | null;
  notices: number;
  times: number;
}

const ORDER: Record<CaseSort, SQL> = {
  age: sql`opened_at ASC, id ASC`,
  '-age': sql`opened_at DESC, id DESC`,
  notices: sql`notices DESC, opened_at ASC, id ASC`,
};

/** One page of cases and the total, filtered, sorted and paginated in the database. */
export async function listCases(db: Tx, f: CaseFilter): Promise<{ rows: CaseRow[]; total: number }> {
  const conditions: SQL[] = [sql`TRUE`];
  if (f.state === 'open') conditions.push(sql`closed_at IS NULL`);
  if (f.state === 'closed') conditions.push(sql`closed_at IS NOT NULL`);
  if (f.ticketId) conditions.push(sql`ticket_id = ${f.ticketId}`);
  if (f.reason) conditions.push(sql`reason = ${f.reason}`);
  if (f.unitId) conditions.push(sql`lead_unit_id = ${f.unitId}`);
  if (f.minNotices !== undefined) conditions.push(sql`notices >= ${f.minNotices}`);
  if (f.maxNotices !== undefined) conditions.push(sql`notices <= ${f.maxNotices}`);
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
    queryRows<CaseRow>(
      db,
      sql`SELECT * FROM ${cases} WHERE ${where} ORDER BY ${ORDER[f.sort]}
          LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${cases} WHERE ${where}`),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}

/** A rating token (by its hash) with the ticket it rates. */
export async function ratingTokenWithTicket(db: Tx, tokenHash: string) {
  const [row] = await db
    .select({ t: ratingTokens, ticket: tickets })
    .from(ratingTokens)
    .innerJoin(tickets, eq(tickets.id, ratingTokens.ticketId))
    .where(eq(ratingTokens.tokenHash, tokenHash));
  return row;
}

/** Marks a token used unless it already was; answers whether this call used it. */
export async function useRatingToken(tx: Tx, tokenHash: string, at: Date): Promise<boolean> {
  const used = await tx
    .update(ratingTokens)
    .set({ usedAt: at })
    .where(and(eq(ratingTokens.tokenHash, tokenHash), isNull(ratingTokens.usedAt)))
    .returning({ ticketId: ratingTokens.ticketId });
  return used.length > 0;
}
