/**
 * Aggregates for the leaders' heat view: how many requests each district registered, by week or by
 * first-level category. Counts only — never a ticket, a name or an address (R9.1).
 */
import { z } from 'zod';
import { isoInstant } from './common.js';

export const DISTRICT_STATS_BY = ['week', 'category'] as const;
export type DistrictStatsBy = (typeof DISTRICT_STATS_BY)[number];

/** The longest range one request may cover, in days. */
export const DISTRICT_STATS_MAX_DAYS = 366;
/** Without `from`: this many weeks back from `to`. */
export const DISTRICT_STATS_DEFAULT_WEEKS = 8;

export const districtStatsQuery = z.object({
  /** Registered at or after (default: eight weeks before `to`). */
  from: isoInstant.optional(),
  /** Registered before (default: now). */
  to: isoInstant.optional(),
  by: z.enum(DISTRICT_STATS_BY, { message: '分组方式应为 week 或 category' }).default('week'),
});

export const districtStatsView = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(DISTRICT_STATS_BY),
  /** Every district in the reference list, then null for requests without a district if there are any. */
  districts: z.array(z.object({ code: z.string().nullable(), nameZh: z.string(), nameEn: z.string() })),
  /**
   * week: the Monday (Asia/Shanghai, 'YYYY-MM-DD') of every week the range touches, in order;
   * category: first-level category codes that occur, in code order ('' for uncategorised).
   */
  columns: z.array(z.string()),
  /** Non-zero cells only. */
  cells: z.array(z.object({ district: z.string().nullable(), column: z.string(), count: z.number().int() })),
  total: z.number().int(),
});
export type DistrictStatsView = z.infer<typeof districtStatsView>;

/** The leaders' dashboard: volume over time by channel and category, open and overdue by unit. */
export const overviewStatsQuery = z.object({
  from: isoInstant.optional(),
  to: isoInstant.optional(),
});

const series = z.object({ key: z.string(), counts: z.array(z.number().int()) });
export const overviewStatsView = z.object({
  from: z.string(),
  to: z.string(),
  /** The Monday (Asia/Shanghai) of every week in the range. */
  weeks: z.array(z.string()),
  /** Requests registered per week, by channel code and by first-level category code ('' uncategorised). */
  byChannel: z.array(series),
  byCategory: z.array(series),
  /** Requests registered per week by request type (shared/enums.ts REQUEST_TYPES). */
  byRequestType: z.array(series),
  /** Requests registered in the range that were answered at intake from the knowledge base. */
  answeredAtIntake: z.number().int(),
  /** Open tickets (not yet completed) held by each lead unit now, and how many of them are overdue; most open first. */
  units: z.array(z.object({ unitId: z.string(), open: z.number().int(), overdue: z.number().int() })),
  /**
   * Dispatch suggestions against the office's choice (R4.2), for dispatches decided in the range: how many,
   * how many went to the first suggestion, and how many to one of the three.
   */
  suggestions: z.object({ decided: z.number().int(), first: z.number().int(), top3: z.number().int() }),
});
export type OverviewStatsView = z.infer<typeof overviewStatsView>;
