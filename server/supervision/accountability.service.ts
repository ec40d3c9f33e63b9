/**
 * 追究责任建议 (R6.2): the system drafts the proposal from the ticket's timeline — rejected returns, missed
 * deadlines, unsatisfied ratings, supervision notices — for the supervision office to edit and issue, and
 * exports it as .docx and .pdf with the Chinese text embedded.
 */
import { requireCapability } from '../auth/permissions.js';
import { and, count, desc, eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { accountabilityProposals } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { type Viewer } from '../auth/viewer.js';
import { AppError, notFound } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import { eventsOf, unitById } from '../tickets/ticket.repository.js';
import { visibleTicket } from '../tickets/ticket.service.js';
import {
  collectEvidence,
  draftText,
  shanghai,
  warrantsProposal,
} from '../../domain/supervision/accountability.js';
import { cjkFont } from '../assessment/cjk-font.js';

type Proposal = typeof accountabilityProposals.$inferSelect;

const requireSupervisor = (v: Viewer) => {
  requireCapability(v, 'accountability.draft');
};

export async function draftProposal(ctx: AppContext, viewer: Viewer, ticketId: string) {
  requireSupervisor(viewer);
  const { row: ticket } = await visibleTicket(ctx, viewer, ticketId);
  const events = await eventsOf(ctx.db, ticketId);
  const evidence = collectEvidence(
    events.map((e) => ({ at: e.at, action: e.action, actorUnitId: e.actorUnitId, data: e.data })),
  );
  if (!warrantsProposal(evidence, ticket.status !== 'archived')) {
    throw new AppError(
      'TICKET.INVALID_TRANSITION',
      '工单记录中没有推诿扯皮或经督办仍未解决的证据，不能提出追究责任建议（R6.2）。',
    );
  }
  const unit = ticket.leadUnitId ? await unitById(ctx.db, ticket.leadUnitId) : undefined;
  const now = ctx.clock.now();
  const [created] = await ctx.db
    .insert(accountabilityProposals)
    .values({
      ticketId,
      unitId: ticket.leadUnitId,
      status: 'draft',
      text: draftText({
        ticketCode: ticket.code,
        title: ticket.title,
        unitName: unit?.nameZh ?? '承办单位',
        evidence,
      }),
      evidence: evidence.map((e) => ({ kind: e.kind, at: e.at.toISOString(), text: e.text })),
      draftedBy: viewer.userId,
      draftedAt: now,
      updatedAt: now,
    })
    .returning();
  if (!created) throw new Error('proposal not created');
  await audit(ctx.db, {
    at: now,
    actor: viewer,
    action: 'accountability.draft',
    ticketId,
    target: created.id,
    outcome: 'success',
  });
  return present(created);
}

async function load(ctx: AppContext, viewer: Viewer, id: string): Promise<Proposal> {
  requireCapability(viewer, 'accountability.view');
  const [p] = await ctx.db.select().from(accountabilityProposals).where(eq(accountabilityProposals.id, id));
  if (!p) throw notFound();
  return p;
}

export async function getProposal(ctx: AppContext, viewer: Viewer, id: string) {
  return present(await load(ctx, viewer, id));
}

/** Newest first, filtered by ticket and status, one page at a time. */
export async function listProposals(
  ctx: AppContext,
  viewer: Viewer,
  q: { ticketId?: string; status?: 'draft' | 'issued'; page: number; pageSize: number },
) {
  requireCapability(viewer, 'accountability.view');
  const where = and(
    q.ticketId ? eq(accountabilityProposals.ticketId, q.ticketId) : undefined,
    q.status ? eq(accountabilityProposals.status, q.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(accountabilityProposals)
      .where(where)
      .orderBy(desc(accountabilityProposals.draftedAt), desc(accountabilityProposals.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(accountabilityProposals).where(where),
  ]);
  return { items: rows.map(present), total: Number(total?.n ?? 0) };
}

export async function editProposal(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  text: string,
  issue: boolean,
) {
  requireSupervisor(viewer);
  const p = await load(ctx, viewer, id);
  if (p.status === 'issued') throw new AppError('TICKET.INVALID_TRANSITION', '建议已签发，不能再修改。');
  const now = ctx.clock.now();
  const [updated] = await ctx.db
    .update(accountabilityProposals)
    .set({
      text,
      updatedAt: now,
      ...(issue ? { status: 'issued', issuedBy: viewer.userId, issuedAt: now } : {}),
    })
    .where(eq(accountabilityProposals.id, id))
    .returning();
  await audit(ctx.db, {
    at: now,
    actor: viewer,
    action: issue ? 'accountability.issue' : 'accountability.edit',
    ticketId: p.ticketId,
    target: id,
    outcome: 'success',
  });
  return present(updated as Proposal);
}

export async function exportProposal(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  format: 'docx' | 'pdf',
): Promise<Buffer> {
  const p = await load(ctx, viewer, id);
  const [lines, title] = splitTitle(p.text);
  const stamp = p.issuedAt
    ? `市政府督查室\u3000${shanghai(p.issuedAt.toISOString()).slice(0, 10)}`
    : '（草稿）';
  const out = format === 'docx' ? await toDocx(title, lines, stamp) : await toPdf(title, lines, stamp);
  await audit(ctx.db, {
    at: ctx.clock.now(),
    actor: viewer,
    action: 'export',
    ticketId: p.ticketId,
    target: `accountability/${id}.${format}`,
    outcome: 'success',
  });
  return out;
}

function splitTitle(text: string): [string[], string] {
  const [first, ...rest] = text.split('\n');
  return [rest, first ?? '追究责任建议'];
}

async function toDocx(title: string, lines: string[], stamp: string): Promise<Buffer> {
  const doc = new Document({
    creator: 'Jiesu 接诉即办',
    title,
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
          ...lines.map(
            (l) => new Paragraph({ children: [new TextRun({ text: l, font: 'SimSun', size: 28 })] }),
          ),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: stamp, font: 'SimSun', size: 28 })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function toPdf(title: string, lines: string[], stamp: string): Promise<Buffer> {
  const font = cjkFont();
  const doc = new PDFDocument({ size: 'A4', margin: 60, info: { Title: title, Author: '市政府督查室' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk').fontSize(18).text(title, { align: 'center' }).moveDown();
  doc.fontSize(12);
  for (const l of lines) doc.text(l, { lineGap: 4 });
  doc.moveDown().text(stamp, { align: 'right' });
  doc.end();
  return done;
}

function present(p: Proposal) {
  return {
    id: p.id,
    ticketId: p.ticketId,
    unitId: p.unitId,
    status: p.status as 'draft' | 'issued',
    text: p.text,
    evidence: p.evidence,
    draftedAt: p.draftedAt.toISOString(),
    issuedAt: p.issuedAt?.toISOString() ?? null,
  };
}
