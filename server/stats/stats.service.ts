/**
 * The leaders' heat view: requests registered per district and week (or first-level category).
 * City leaders, the supervision office and the office follow every ticket (R8.1), so they see every count;
 * nobody sees a ticket here, only numbers (R9.1).
 */
import { requireCapability } from '../auth/permissions.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import * as stats from './stats.repository.js';
import {
  DISTRICT_STATS_DEFAULT_WEEKS,
  DISTRICT_STATS_MAX_DAYS,
  type DistrictStatsBy,
  type DistrictStatsView,
  type OverviewStatsView,
} from '../../shared/schemas/stats.js';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

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
    stats.countByDistrict(ctx.db, { from, to }, q.by),
    stats.allDistricts(ctx.db),
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
 * The leaders' dashboard (R8.1): requests per week by channel and by first-level category, and the
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
  const [channels, categories, units, taken, types, answered] = await Promise.all([
    stats.countByWeek(ctx.db, { from, to }, 'channel'),
    stats.countByWeek(ctx.db, { from, to }, 'category'),
    stats.openByUnit(ctx.db, now, TOP_UNITS),
    stats.suggestionsTaken(ctx.db, { from, to }),
    // Requests per week by request type (咨询, 求助, 投诉 …).
    stats.countByWeek(ctx.db, { from, to }, 'requestType'),
    // Answered at intake (直接答复): counted here, never against a unit (no lead unit).
    stats.answeredAtIntake(ctx.db, { from, to }),
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
    suggestions: {
      decided: Number(taken[0]?.decided ?? 0),
      first: Number(taken[0]?.first ?? 0),
      top3: Number(taken[0]?.top3 ?? 0),
    },
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
