/**
 * Assessment use cases (R7.1–R7.4): compute a month from the rollups, review and publish it, read it, list
 * formal talks, the annual evaluation, and the tickets behind any figure. The office does assessment (R8.1):
 * office operators compute, review and publish; office staff, the supervision office and city leaders read.
 */
import { requireCapability } from '../auth/permissions.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { isOffice } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import type { Urgency } from '../../shared/enums.js';
import type {
  AnnualView,
  DrillDownView,
  Figure,
  MonthFigures,
  MonthlyView,
  RevisionStatus,
  TalksView,
} from '../../shared/schemas/assessment.js';
import { buildFigures, foldedUnitIds } from '../../domain/assessment/month-figures.js';
import { monthEnd, monthZh, monthsOfYear, type Month } from '../../domain/assessment/month.js';
import { listTalks, talkWindow, type PublishedMonth } from '../../domain/assessment/talks.js';
import { annualFigures } from '../../domain/assessment/annual.js';
import { runRollup } from './rollup.job.js';
import * as repo from './assessment.repository.js';

/** Readers of assessment results (R8.1: the office assesses; supervision and leaders follow). */

function requireReader(v: Viewer): void {
  requireCapability(v, 'assessment.view');
}

/** Only office operators compute, review and publish — not the system administrator (separation of duties). */
function requireAssessor(v: Viewer): void {
  requireCapability(v, 'assessment.manage');
}

/** Drafts are the office's working copy; everyone else sees published revisions only. */
const seesDrafts = (v: Viewer) => isOffice(v);

async function scoringPolicyFor(ctx: AppContext, until: Date) {
  const at = new Date(Math.min(until.getTime() - 1, ctx.clock.now().getTime()));
  const policy = await ctx.policy.inForce(at);
  return {
    version: policy.version,
    scoring: { weights: { ...policy.data.scoreWeights }, urgentWeight: policy.data.urgentWeight },
  };
}

/** R7.1, R7.2: brings the rollups up to date and stores the month's figures and ranks as a draft revision. */
export async function computeMonth(
  ctx: AppContext,
  viewer: Viewer,
  month: Month,
  note: string | undefined,
): Promise<MonthlyView> {
  requireAssessor(viewer);
  const now = ctx.clock.now();
  const rollup = await runRollup(ctx.db, now);
  const counters = await repo.rollupCounters(ctx.db, month);
  const policy = await scoringPolicyFor(ctx, monthEnd(month));
  const figures = buildFigures(await repo.loadUnits(ctx.db), counters, policy.scoring);
  const row = await repo.saveComputed(ctx.db, {
    month,
    policyVersion: policy.version,
    lastEventId: rollup.to,
    computedAt: now,
    computedBy: viewer.userId,
    note: note || null,
    snapshot: figures,
  });
  await audit(ctx.db, {
    at: now,
    actor: viewer,
    action: 'assessment.compute',
    target: `assessment/${month}/r${row.revision}`,
    outcome: 'success',
    details: { month, revision: row.revision, lastEventId: rollup.to, policyVersion: policy.version },
  });
  return present(ctx, viewer, row);
}

export async function reviewMonth(ctx: AppContext, viewer: Viewer, month: Month): Promise<MonthlyView> {
  requireAssessor(viewer);
  return advance(ctx, viewer, month, 'computed', 'reviewed');
}

/** R7.2: publication freezes the revision; corrections after it become revision N+1. */
export async function publishMonth(ctx: AppContext, viewer: Viewer, month: Month): Promise<MonthlyView> {
  requireAssessor(viewer);
  if (ctx.clock.now().getTime() < monthEnd(month).getTime())
    throw new AppError('ASSESSMENT.MONTH_NOT_ENDED', `${monthZh(month)}尚未结束，不能发布该月考核结果。`);
  return advance(ctx, viewer, month, 'reviewed', 'published');
}

const STEP_ZH: Record<RevisionStatus, string> = { computed: '计算', reviewed: '审核', published: '发布' };

async function advance(
  ctx: AppContext,
  viewer: Viewer,
  month: Month,
  from: RevisionStatus,
  to: RevisionStatus,
): Promise<MonthlyView> {
  const now = ctx.clock.now();
  const { row, current } = await repo.advanceRevision(ctx.db, month, from, to, viewer.userId, now);
  if (!current) throw notComputed(month);
  if (!row) {
    const need = from === 'computed' ? '请先计算' : '请先审核';
    throw new AppError(
      'ASSESSMENT.INVALID_STATE',
      `${monthZh(month)}第 ${current.revision} 版当前为「${STATUS_LABEL[current.status]}」，不能${STEP_ZH[to]}；${need}。`,
    );
  }
  await audit(ctx.db, {
    at: now,
    actor: viewer,
    action: `assessment.${to === 'reviewed' ? 'review' : 'publish'}`,
    target: `assessment/${month}/r${row.revision}`,
    outcome: 'success',
    details: { month, revision: row.revision },
  });
  return present(ctx, viewer, row);
}

const STATUS_LABEL: Record<RevisionStatus, string> = {
  computed: '已计算',
  reviewed: '已审核',
  published: '已发布',
};

const notComputed = (month: Month) =>
  new AppError('ASSESSMENT.NOT_FOUND', `${monthZh(month)}尚无考核结果，请市长电话室先计算。`);

/** The revision a viewer asked for (or the latest they may see). */
export async function visibleRevision(
  ctx: AppContext,
  viewer: Viewer,
  month: Month,
  revision?: number,
): Promise<repo.RevisionRow> {
  requireReader(viewer);
  const drafts = seesDrafts(viewer);
  const row =
    revision === undefined
      ? await repo.latestRevision(ctx.db, month, drafts ? undefined : ['published'])
      : (await repo.revisionsOf(ctx.db, month)).find((r) => r.revision === revision);
  if (!row || (!drafts && row.status !== 'published')) {
    if (revision !== undefined)
      throw new AppError('ASSESSMENT.NOT_FOUND', `${monthZh(month)}没有可查看的第 ${revision} 版考核结果。`);
    throw drafts
      ? notComputed(month)
      : new AppError('ASSESSMENT.NOT_FOUND', `${monthZh(month)}考核结果尚未发布。`);
  }
  return row;
}

export async function getMonthly(
  ctx: AppContext,
  viewer: Viewer,
  month: Month,
  revision?: number,
): Promise<MonthlyView> {
  return present(ctx, viewer, await visibleRevision(ctx, viewer, month, revision));
}

async function present(ctx: AppContext, viewer: Viewer, row: repo.RevisionRow): Promise<MonthlyView> {
  const all = await repo.revisionsOf(ctx.db, row.month);
  const figures = row.snapshot as unknown as MonthFigures;
  return {
    month: row.month,
    revision: row.revision,
    status: row.status,
    policyVersion: row.policyVersion,
    lastEventId: row.lastEventId,
    computedAt: row.computedAt.toISOString(),
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    note: row.note,
    revisions: all
      .filter((r) => seesDrafts(viewer) || r.status === 'published')
      .map((r) => ({
        revision: r.revision,
        status: r.status,
        computedAt: r.computedAt.toISOString(),
        reviewedAt: r.reviewedAt?.toISOString() ?? null,
        publishedAt: r.publishedAt?.toISOString() ?? null,
        note: r.note,
      })),
    ...figures,
  };
}

const published = (rows: repo.RevisionRow[]): PublishedMonth[] =>
  rows.map((r) => ({ month: r.month, revision: r.revision, figures: r.snapshot as unknown as MonthFigures }));

/** R7.3: units in their group's bottom three in each of the three published months ending with `month`. */
export async function getTalks(ctx: AppContext, viewer: Viewer, month: Month): Promise<TalksView> {
  requireReader(viewer);
  const window = talkWindow(month);
  const rows = published(await repo.publishedRevisions(ctx.db, window));
  return talksView(month, rows);
}

export function talksView(month: Month, rows: PublishedMonth[]): TalksView {
  const window = talkWindow(month);
  return {
    month,
    months: window,
    unpublishedMonths: window.filter((m) => !rows.some((r) => r.month === m)),
    units: listTalks(month, rows),
  };
}

/** Talks as a bulletin of `row` shows them: this revision stands for its month, published ones for the others. */
export async function talksForRevision(ctx: AppContext, row: repo.RevisionRow): Promise<TalksView> {
  const window = talkWindow(row.month);
  const rows = published(
    await repo.publishedRevisions(
      ctx.db,
      window.filter((m) => m !== row.month),
    ),
  );
  rows.push({ month: row.month, revision: row.revision, figures: row.snapshot as unknown as MonthFigures });
  return talksView(row.month, rows);
}

/** R7.4: the year's composite per unit from its published months, and who receives the results. */
export async function getAnnual(ctx: AppContext, viewer: Viewer, year: number): Promise<AnnualView> {
  requireReader(viewer);
  const months = monthsOfYear(year);
  const rows = published(await repo.publishedRevisions(ctx.db, months));
  const last = months[months.length - 1] as Month;
  const policy = await scoringPolicyFor(ctx, monthEnd(last));
  const figures = annualFigures(rows, policy.scoring);
  return {
    year,
    policyVersion: policy.version,
    months: rows.map((r) => r.month),
    unpublishedMonths: months.filter((m) => !rows.some((r) => r.month === m)),
    ...figures,
  };
}

/** The tickets behind one figure: ids and codes only (R9.1). With a revision, exactly what it counted. */
export async function drillDownTickets(
  ctx: AppContext,
  viewer: Viewer,
  month: Month,
  q: { unitId: string; figure: Figure; urgency?: Urgency; revision?: number; page: number; pageSize: number },
): Promise<DrillDownView> {
  requireReader(viewer);
  const row = q.revision === undefined ? undefined : await visibleRevision(ctx, viewer, month, q.revision);
  const units = await repo.loadUnits(ctx.db);
  if (!units.some((u) => u.id === q.unitId))
    throw new AppError('UNIT.NOT_FOUND', '单位不存在。', {
      fields: [{ field: 'unitId', message: '单位不存在' }],
    });
  const { rows, total } = await repo.drillDown(ctx.db, {
    month,
    unitIds: foldedUnitIds(units, q.unitId),
    figure: q.figure,
    urgency: q.urgency,
    horizon: row ? { lastEventId: row.lastEventId, computedAt: row.computedAt } : undefined,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    month,
    unitId: q.unitId,
    figure: q.figure,
    urgency: q.urgency ?? null,
    revision: row?.revision ?? null,
    total,
    items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}
