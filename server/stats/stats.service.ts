/**
 * The leaders' heat view (issue 8 §6): requests registered per district and week (or first-level category).
 * City leaders, the supervision office and the office follow every ticket (R8.1), so they see every count;
 * nobody sees a ticket here, only numbers (R9.1).
 */
import { requireCapability } from '../auth/permissions.js';
import { asc, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { queryRows } from '../db/client.js';
import { districts } from '../db/schema.js';
import {
  DISTRICT_STATS_DEFAULT_WEEKS,
  DISTRICT_STATS_MAX_DAYS,
  type DistrictStatsBy,
  type DistrictStatsView,
  type OverviewStatsView,
} from '../../shared/schemas/stats.js';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Shanghai wall time as SQL (the city keeps no daylight saving time). */
const LOCAL = sql.raw(`((t.registered_at AT TIME ZONE 'UTC') + interval '8 hours')`);
const COLUMN = {
  week: sql`to_char(date_trunc('week', ${LOCAL}), 'YYYY-MM-DD')`,
  category: sql`coalesce(substring(t.category_code from 1 for 3), '')`,
};

export async function districtStats(
  ctx: AppContext,
  viewer: Viewer,
  q: { from?: Date; to?: Date; by: DistrictStatsBy },
): Promise<DistrictStatsView> {
  requireCapability(viewer, 'stats.view');
  const to = q.to ?? ctx.clock.now();
  const from = q.from ?? new Date(to.getTime() - DISTRICT_STATS_DEFAULT_WEEKS * 7 * DAY_MS);
  checkRange(from, to);
  const [rows, known] = await Promise.all([
    queryRows<{ district: string | null; col: string; n: number }>(
      ctx.db,
      sql`SELECT t.location_district AS district, ${COLUMN[q.by]} AS col, count(*)::int AS n
          FROM tickets t
          WHERE t.registered_at >= ${from.toISOString()} AND t.registered_at < ${to.toISOString()}
          GROUP BY 1, 2`,
    ),
    ctx.db.select().from(districts).orderBy(asc(districts.code)),
  ]);
  const cells = rows.map((r) => ({ district: r.district, column: r.col, count: Number(r.n) }));
  const columns = q.by === 'week' ? weeksBetween(from, to) : [...new Set(cells.map((c) => c.column))].sort();
  const unknown = cells.some((c) => c.district === null || !known.some((d) => d.code === c.district));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    by: q.by,
    districts: [
      ...known.map((d) => ({ code: d.code, nameZh: d.nameZh, nameEn: d.nameEn })),
      ...(unknown ? [{ code: null, nameZh: '未注明区域', nameEn: 'No district' }] : []),
    ],
    columns,
    cells: cells.map((c) =>
      known.some((d) => d.code === c.district) ? c : { ...c, district: null as string | null },
    ),
    total: cells.reduce((a, c) => a + c.count, 0),
  };
}

/** How many units the dashboard's open/overdue chart shows. */
const TOP_UNITS = 15;

/**
 * The leaders' dashboard (issue 8 §6, R8.1): requests per week by channel and by first-level category, and the
 * units holding the most open tickets with their overdue ones. Counts only (R9.1).
 */
export async function overviewStats(
  ctx: AppContext,
  viewer: Viewer,
  q: { from?: Date; to?: Date },
): Promise<OverviewStatsView> {
  requireCapability(viewer, 'stats.view');
  const now = ctx.clock.now();
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DISTRICT_STATS_DEFAULT_WEEKS * 7 * DAY_MS);
  checkRange(from, to);
  const weeks = weeksBetween(from, to);
  const inRange = sql`t.registered_at >= ${from.toISOString()} AND t.registered_at < ${to.toISOString()}`;
  const [channels, categories, units, types, answered] = await Promise.all([
    queryRows<{ key: string; week: string; n: number }>(
      ctx.db,
      sql`SELECT t.channel AS key, ${COLUMN.week} AS week, count(*)::int AS n FROM tickets t WHERE ${inRange} GROUP BY 1, 2`,
    ),
    queryRows<{ key: string; week: string; n: number }>(
      ctx.db,
      sql`SELECT ${COLUMN.category} AS key, ${COLUMN.week} AS week, count(*)::int AS n FROM tickets t WHERE ${inRange} GROUP BY 1, 2`,
    ),
    queryRows<{ unit_id: string; open: number; overdue: number }>(
      ctx.db,
      sql`SELECT t.lead_unit_id AS unit_id, count(*)::int AS open,
                 count(*) FILTER (WHERE t.complete_due_at < ${now.toISOString()})::int AS overdue
          FROM tickets t
          WHERE t.lead_unit_id IS NOT NULL AND t.status NOT IN ('registered','completed','replied','archived')
          GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1 LIMIT ${TOP_UNITS}`,
    ),
    // Issue 18 §1: requests per week by request type (咨询, 求助, 投诉 …).
    queryRows<{ key: string; week: string; n: number }>(
      ctx.db,
      sql`SELECT t.request_type AS key, ${COLUMN.week} AS week, count(*)::int AS n FROM tickets t WHERE ${inRange} GROUP BY 1, 2`,
    ),
    // Issue 18 §3: answered at intake (直接答复) — counted here, never against a unit (no lead unit).
    queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(DISTINCT e.ticket_id)::int AS n FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
          WHERE e.action = 'answer' AND ${inRange}`,
    ),
  ]);
  const toSeries = (rows: { key: string; week: string; n: number }[]) => {
    const byKey = new Map<string, number[]>();
    for (const r of rows) {
      const i = weeks.indexOf(r.week);
      if (i < 0) continue;
      const counts = byKey.get(r.key) ?? weeks.map(() => 0);
      counts[i] = (counts[i] ?? 0) + Number(r.n);
      byKey.set(r.key, counts);
    }
    return [...byKey]
      .map(([key, counts]) => ({ key, counts }))
      .sort((a, b) => sum(b.counts) - sum(a.counts) || a.key.localeCompare(b.key));
  };
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    weeks,
    byChannel: toSeries(channels),
    byCategory: toSeries(categories),
    byRequestType: toSeries(types),
    answeredAtIntake: Number(answered[0]?.n ?? 0),
    units: units.map((u) => ({
      unitId: String(u.unit_id),
      open: Number(u.open),
      overdue: Number(u.overdue),
    })),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function checkRange(from: Date, to: Date): void {
  if (from.getTime() >= to.getTime())
    throw new AppError('REQUEST.INVALID', '开始时间必须早于结束时间。', {
      fields: [{ field: 'from', message: '开始时间必须早于结束时间' }],
    });
  if (to.getTime() - from.getTime() > DISTRICT_STATS_MAX_DAYS * DAY_MS)
    throw new AppError('REQUEST.INVALID', `统计区间不能超过 ${DISTRICT_STATS_MAX_DAYS} 天。`, {
      fields: [{ field: 'from', message: `区间不能超过 ${DISTRICT_STATS_MAX_DAYS} 天` }],
    });
}

/** The Monday (Shanghai) of every week from `from` up to the instant before `to`, as 'YYYY-MM-DD'. */
export function weeksBetween(from: Date, to: Date): string[] {
  const localDay = (d: Date) => Math.floor((d.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
  const monday = (day: number) => day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7);
  const out: string[] = [];
  for (let day = monday(localDay(from)); day <= localDay(new Date(to.getTime() - 1)); day += 7)
    out.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
  return out;
}
