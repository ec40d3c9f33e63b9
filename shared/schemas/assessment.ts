/**
 * The assessment API contract (R7): monthly figures and ranks, formal talks, annual evaluation,
 * drill-down to tickets. Shared by the server (validation, OpenAPI, the frozen snapshots) and the web UI.
 * Definitions of every figure: docs/assessment.md.
 */
import { z } from 'zod';
import { uuid } from './common.js';
import { LIMITS } from '../limits.js';
import { URGENCIES } from '../enums.js';

/** A calendar month in Asia/Shanghai, 'YYYY-MM'. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const monthString = z
  .string({ message: '月份必须是文本' })
  .regex(MONTH_PATTERN, { message: '月份格式应为 YYYY-MM，例如 2026-11' });

export const yearNumber = z.coerce
  .number({ message: '年份必须是数字' })
  .int({ message: '年份必须是整数' })
  .min(2000, { message: '年份不能早于 2000' })
  .max(2100, { message: '年份不能晚于 2100' });

/**
 * The counters kept per unit, month and urgency. Each one is a count of ticket events (or supervision cases)
 * and can be listed ticket by ticket (GET …/monthly/:month/tickets?figure=…).
 */
export const FIGURES = [
  'received', // 受理量: dispatches (and accepted re-dispatches, coordination decisions) to the unit
  'feedbackDue', // 反馈率分母: feedback obligations whose completion deadline fell in the month
  'feedbackOnTime', // 反馈率分子: feedback recorded at or before that deadline
  'completed', // 办结数
  'completedOnTime', // 按时办结数
  'revisitsReached', // 回访且联系上（满意、基本满意、不满意）
  'revisitsSatisfied', // 满意 + 基本满意
  'revisitsUnreachable', // 未联系上（最后一次回访）
  'returns', // 退单数
  'supervisions', // 督办单（督办事件）
  'supervisionCases', // 立案督办（supervision_cases 开立）
  'overdue', // 超期
  'reopenings', // 重新办理
] as const;
export type Figure = (typeof FIGURES)[number];

export const FIGURE_ZH: Record<Figure, string> = {
  received: '受理量',
  feedbackDue: '应反馈数',
  feedbackOnTime: '按时反馈数',
  completed: '办结数',
  completedOnTime: '按时办结数',
  revisitsReached: '回访联系上数',
  revisitsSatisfied: '满意及基本满意数',
  revisitsUnreachable: '未联系上数',
  returns: '退单数',
  supervisions: '督办次数',
  supervisionCases: '督办立案数',
  overdue: '超期数',
  reopenings: '重新办理数',
};

const count = z.number().int().min(0);
export const countersSchema = z.object({
  received: count,
  feedbackDue: count,
  feedbackOnTime: count,
  completed: count,
  completedOnTime: count,
  revisitsReached: count,
  revisitsSatisfied: count,
  revisitsUnreachable: count,
  returns: count,
  supervisions: count,
  supervisionCases: count,
  overdue: count,
  reopenings: count,
});
export type Counters = z.infer<typeof countersSchema>;

/** Rates in 0..1; null when the denominator is empty (no ticket to judge). */
export const ratesSchema = z.object({
  feedback: z.number().nullable(),
  satisfaction: z.number().nullable(),
  onTime: z.number().nullable(),
});
export type Rates = z.infer<typeof ratesSchema>;

export const weightsSchema = z.object({ feedback: z.number(), satisfaction: z.number(), onTime: z.number() });

/** Peer groups for ranking (R7.2), in the order the bulletin lists them. */
export const PEER_GROUP_ZH: Record<string, string> = {
  district_government: '县（市）区政府、开发区管委会',
  city_department: '市直部门',
  provincial_enterprise: '中省直部门及企事业单位',
  street_township: '街道（乡镇）',
};

export const TIE_BREAKS = ['satisfaction', 'volume', 'code'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

export const unitRef = z.object({ unitId: z.string(), code: z.string(), name: z.string() });

/** One assessed unit's figures and rank in a month (or a year). */
export const unitFiguresSchema = z.object({
  unitId: z.string(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  peerGroup: z.string().nullable(),
  /** Subordinate units without a peer group of their own, whose tickets count here (ranked through it). */
  includesUnits: z.array(unitRef),
  general: countersSchema,
  urgent: countersSchema,
  /** 受理量 (all / urgent). */
  volume: z.number().int(),
  urgentVolume: z.number().int(),
  /** Rates with urgent tickets weighted (R7.1). */
  rates: ratesSchema,
  /** Urgent tickets alone — the key indicator of R7.1. */
  urgentRates: ratesSchema,
  /** 0..100, two decimals; null when no rate has a denominator (not ranked). */
  composite: z.number().nullable(),
  rank: z.number().int().nullable(),
  /** Ranked units in the peer group. */
  groupSize: z.number().int(),
  bottomThree: z.boolean(),
  /** Why this unit is below a unit with the same composite score. */
  tieBreak: z.enum(TIE_BREAKS).nullable(),
});
export type UnitFigures = z.infer<typeof unitFiguresSchema>;

export const summarySchema = z.object({
  assessedUnits: z.number().int(),
  rankedUnits: z.number().int(),
  general: countersSchema,
  urgent: countersSchema,
  volume: z.number().int(),
  urgentVolume: z.number().int(),
  rates: ratesSchema,
  urgentRates: ratesSchema,
  composite: z.number().nullable(),
});
export type Summary = z.infer<typeof summarySchema>;

/** What a revision freezes: the figures, and the policy they were scored with. */
export const monthFiguresSchema = z.object({
  weights: weightsSchema,
  urgentWeight: z.number(),
  summary: summarySchema,
  units: z.array(unitFiguresSchema),
});
export type MonthFigures = z.infer<typeof monthFiguresSchema>;

export const REVISION_STATUSES = ['computed', 'reviewed', 'published'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];
export const REVISION_STATUS_ZH: Record<RevisionStatus, string> = {
  computed: '已计算（待审核）',
  reviewed: '已审核（待发布）',
  published: '已发布',
};

export const revisionSummarySchema = z.object({
  revision: z.number().int(),
  status: z.enum(REVISION_STATUSES),
  computedAt: z.string(),
  reviewedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  note: z.string().nullable(),
});

export const monthlyView = z.object({
  month: z.string(),
  revision: z.number().int(),
  status: z.enum(REVISION_STATUSES),
  policyVersion: z.number().int(),
  /** The figures cover ticket events up to this id. */
  lastEventId: z.number().int(),
  computedAt: z.string(),
  reviewedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  note: z.string().nullable(),
  /** Every revision of the month, oldest first: a correction is visible, never silent. */
  revisions: z.array(revisionSummarySchema),
  ...monthFiguresSchema.shape,
});
export type MonthlyView = z.infer<typeof monthlyView>;

export const monthlyQuery = z.object({
  month: monthString,
  revision: z.coerce.number().int().min(1).optional(),
});
export const monthParam = z.object({ month: monthString });
export const revisionQuery = z.object({ revision: z.coerce.number().int().min(1).optional() });

export const computeBody = z
  .object({ note: z.string().trim().max(LIMITS.reasonMax).optional() })
  .optional()
  .default({});

/** R7.3: one month of a unit listed for a formal talk. */
export const talkMonthSchema = z.object({
  month: z.string(),
  revision: z.number().int(),
  rank: z.number().int(),
  groupSize: z.number().int(),
  composite: z.number(),
  rates: ratesSchema,
  volume: z.number().int(),
});
export const talkEntrySchema = z.object({
  unitId: z.string(),
  code: z.string(),
  name: z.string(),
  peerGroup: z.string(),
  months: z.array(talkMonthSchema),
});
export type TalkEntry = z.infer<typeof talkEntrySchema>;
export const talksView = z.object({
  month: z.string(),
  /** The three months considered, oldest first. */
  months: z.array(z.string()),
  /** Months among them with no published revision (then nobody can be listed). */
  unpublishedMonths: z.array(z.string()),
  units: z.array(talkEntrySchema),
});
export type TalksView = z.infer<typeof talksView>;

export const annualUnitSchema = unitFiguresSchema.extend({ months: z.array(z.string()) });
export const annualView = z.object({
  year: z.number().int(),
  policyVersion: z.number().int(),
  weights: weightsSchema,
  urgentWeight: z.number(),
  /** Published months included (latest published revision of each). */
  months: z.array(z.string()),
  unpublishedMonths: z.array(z.string()),
  summary: summarySchema,
  units: z.array(annualUnitSchema),
  /** R7.4: districts, zones and city departments — results feed their performance assessment. */
  performanceAssessment: z.array(
    unitRef.extend({ composite: z.number().nullable(), rank: z.number().nullable() }),
  ),
  /** R7.4: provincial/central departments and enterprises — results are sent to their superiors. */
  sendToSuperiors: z.array(
    unitRef.extend({ type: z.string(), composite: z.number().nullable(), rank: z.number().nullable() }),
  ),
});
export type AnnualView = z.infer<typeof annualView>;

export const drillDownQuery = z.object({
  unitId: uuid({ message: '单位编号格式不正确' }),
  figure: z.enum(FIGURES, { message: `指标应为 ${FIGURES.join('、')} 之一` }),
  urgency: z.enum(URGENCIES).optional(),
  revision: z.coerce.number().int().min(1).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeMax),
});

/** A ticket behind a figure: ids and codes only, never personal data or content (R9.1). */
export const drillDownItem = z.object({
  ticketId: z.string(),
  code: z.string(),
  urgency: z.enum(URGENCIES),
  unitId: z.string(),
  /** The event that counted (null for a supervision case). */
  eventId: z.number().int().nullable(),
  action: z.string(),
  at: z.string(),
});
export const drillDownView = z.object({
  month: z.string(),
  unitId: z.string(),
  figure: z.enum(FIGURES),
  urgency: z.enum(URGENCIES).nullable(),
  /** The revision whose event horizon was applied, or null for the live event log. */
  revision: z.number().int().nullable(),
  total: z.number().int(),
  items: z.array(drillDownItem),
});
export type DrillDownView = z.infer<typeof drillDownView>;
