/**
 * SQL for the leaders' figures (R8.1): tickets counted per district, week, channel and first-level category, and
 * the units holding the most open tickets. Counts only — no ticket leaves here (R9.1).
 */
import { asc, sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { districts } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import type { DistrictStatsBy } from '../../shared/schemas/stats.js';

/** Shanghai wall time as SQL (the city keeps no daylight saving time). */
const LOCAL = sql.raw(`((t.registered_at AT TIME ZONE 'UTC') + interval '8 hours')`);
const COLUMN = {
  week: sql`to_char(date_trunc('week', ${LOCAL}), 'YYYY-MM-DD')`,
  category: sql`coalesce(substring(t.category_code from 1 for 3), '')`,
};

export interface Range {
  from: Date;
  to: Date;
}

const inRange = (r: Range) =>
  sql`t.registered_at >= ${r.from.toISOString()} AND t.registered_at < ${r.to.toISOString()}`;

/** Tickets registered in the range per district and week (Monday, Shanghai) or first-level category. */
export async function countByDistrict(db: Tx, r: Range, by: DistrictStatsBy) {
  return queryRows<{ district: string | null; col: string; n: number }>(
    db,
    sql`SELECT t.location_district AS district, ${COLUMN[by]} AS col, count(*)::int AS n
        FROM tickets t
        WHERE ${inRange(r)}
        GROUP BY 1, 2`,
  );
}

export async function allDistricts(db: Tx) {
  return db.select().from(districts).orderBy(asc(districts.code));
}

/** Tickets registered in the range per week and channel, first-level category or request type. */
export async function countByWeek(db: Tx, r: Range, key: 'channel' | 'category' | 'requestType') {
  const column =
    key === 'channel' ? sql`t.channel` : key === 'requestType' ? sql`t.request_type` : COLUMN.category;
  return queryRows<{ key: string; week: string; n: number }>(
    db,
    sql`SELECT ${column} AS key, ${COLUMN.week} AS week, count(*)::int AS n FROM tickets t WHERE ${inRange(r)} GROUP BY 1, 2`,
  );
}

/** The units leading the most open tickets, with how many of them are past their deadline at `now`. */
export async function openByUnit(db: Tx, now: Date, limit: number) {
  return queryRows<{ unit_id: string; open: number; overdue: number }>(
    db,
    sql`SELECT t.lead_unit_id AS unit_id, count(*)::int AS open,
               count(*) FILTER (WHERE t.complete_due_at < ${now.toISOString()})::int AS overdue
        FROM tickets t
        WHERE t.lead_unit_id IS NOT NULL AND t.status NOT IN ('registered','completed','replied','archived')
        GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1 LIMIT ${limit}`,
  );
}

/** Dispatches decided in the range against the suggestions offered: the first taken, one of the three taken. */
export async function suggestionsTaken(db: Tx, range: { from: Date; to: Date }) {
  return queryRows<{ decided: number; first: number; top3: number }>(
    db,
    sql`SELECT count(*)::int AS decided,
               count(*) FILTER (WHERE chosen_rank = 1)::int AS first,
               count(*) FILTER (WHERE chosen_rank BETWEEN 1 AND 3)::int AS top3
        FROM dispatch_suggestions
        WHERE decided_at >= ${range.from.toISOString()} AND decided_at < ${range.to.toISOString()}`,
  );
}

/** Requests registered in the range that were answered at intake (直接答复). */
export async function answeredAtIntake(db: Tx, r: Range) {
  return queryRows<{ n: number }>(
    db,
    sql`SELECT count(DISTINCT e.ticket_id)::int AS n FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE e.action = 'answer' AND ${inRange(r)}`,
  );
}
