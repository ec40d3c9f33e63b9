/**
 * Exports of a month (R7.2): the bulletin as .docx and .pdf, the statistics as .xlsx. Every export is audited
 * (R9.1); none contains personal data or request content.
 */
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { audit } from '../audit/audit.service.js';
import type { MonthFigures } from '../../shared/schemas/assessment.js';
import type { Month } from '../../domain/assessment/month.js';
import { talksForRevision, visibleRevision } from './assessment.service.js';
import { buildBulletin, type BulletinModel } from './bulletin.model.js';
import { renderBulletinDocx } from './bulletin.docx.js';
import { renderBulletinPdf } from './bulletin.pdf.js';
import { renderStatisticsXlsx } from './statistics.xlsx.js';

export const EXPORT_KINDS = {
  'bulletin.docx': {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    name: '工作通报',
  },
  'bulletin.pdf': { contentType: 'application/pdf', name: '工作通报' },
  'statistics.xlsx': {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    name: '考核统计',
  },
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export async function exportMonthly(
  ctx: AppContext,
  viewer: Viewer,
  month: Month,
  revision: number | undefined,
  kind: ExportKind,
): Promise<ExportFile> {
  const row = await visibleRevision(ctx, viewer, month, revision);
  const talks = await talksForRevision(ctx, row);
  const figures = row.snapshot as unknown as MonthFigures;
  const status = row.status;
  const model = buildBulletin({
    month,
    revision: row.revision,
    status,
    computedAt: row.computedAt,
    publishedAt: row.publishedAt,
    note: row.note,
    figures,
    talks,
  });
  const target = `assessment/${month}/r${row.revision}/${kind}`;
  const details = { month, revision: row.revision, status, format: kind };
  let body: Buffer;
  try {
    body = await render(kind, model, {
      month,
      revision: row.revision,
      status,
      lastEventId: row.lastEventId,
      policyVersion: row.policyVersion,
      figures,
      talks,
      model,
    });
  } catch (err) {
    await audit(ctx.db, {
      at: ctx.clock.now(),
      actor: viewer,
      action: 'export',
      target,
      outcome: 'failure',
      details,
    });
    throw err;
  }
  await audit(ctx.db, {
    at: ctx.clock.now(),
    actor: viewer,
    action: 'export',
    target,
    outcome: 'success',
    details: { ...details, bytes: body.length },
  });
  const ext = kind.split('.')[1] as string;
  return {
    filename: `吉林市接诉即办${EXPORT_KINDS[kind].name}-${month}-第${row.revision}版${status === 'published' ? '' : '-未发布稿'}.${ext}`,
    contentType: EXPORT_KINDS[kind].contentType,
    body,
  };
}

function render(
  kind: ExportKind,
  model: BulletinModel,
  stats: Parameters<typeof renderStatisticsXlsx>[0],
): Promise<Buffer> {
  switch (kind) {
    case 'bulletin.docx':
      return renderBulletinDocx(model);
    case 'bulletin.pdf':
      return renderBulletinPdf(model);
    case 'statistics.xlsx':
      return renderStatisticsXlsx(stats);
  }
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
