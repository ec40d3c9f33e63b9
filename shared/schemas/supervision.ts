/**
 * The supervision office's case list (R6.1): open and closed cases by age and escalation level, filtered,
 * sorted and paginated on the server. Shared by the route (validation, OpenAPI) and the web UI.
 */
import { z } from 'zod';
import { pageQuery, uuid } from './common.js';

/** Why a case was opened: missed deadline, unsatisfied revisit, reopened after archiving, or by hand. */
export const SUPERVISION_REASONS = ['overdue', 'unsatisfied', 'reopened', 'manual'] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];

/** age: oldest first; -age: newest first; notices: most notices first (then oldest). */
export const CASE_SORTS = ['age', '-age', 'notices'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const count = z.coerce.number().int().min(0).max(1000);

export const caseListQuery = z.object({
  /** open (default), closed or all. */
  state: z.enum(['open', 'closed', 'all']).optional(),
  /** Older form of the open filter: true = open only, false = all; `state` wins when both are given. */
  open: z.enum(['true', 'false']).optional(),
  ticketId: uuid().optional(),
  reason: z
    .enum(SUPERVISION_REASONS, { message: `督办原因应为 ${SUPERVISION_REASONS.join('、')} 之一` })
    .optional(),
  unitId: uuid({ message: '单位编号格式不正确' }).optional(),
  /** Escalation level: notices issued since the case opened, at least / at most. */
  minNotices: count.optional(),
  maxNotices: count.optional(),
  sort: z.enum(CASE_SORTS).default('age'),
  ...pageQuery,
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const caseView = z.object({
  id: z.string(),
  ticketId: z.string(),
  ticketCode: z.string(),
  ticketTitle: z.string(),
  ticketStatus: z.string(),
  leadUnitId: z.string().nullable(),
  reason: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  decision: z.string().nullable(),
  /** Supervision notices issued since the case opened: the escalation level. */
  notices: z.number(),
  /** How many cases this ticket has had (times supervised). */
  timesSupervised: z.number(),
  openSeconds: z.number(),
});
export type CaseView = z.infer<typeof caseView>;

export const caseList = z.object({ items: z.array(caseView), total: z.number().int() });
export type CaseList = z.infer<typeof caseList>;
