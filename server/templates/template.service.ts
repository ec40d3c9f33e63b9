/**
 * Reply templates (文本模板): global ones kept by the office, a unit's own kept by its leader; chosen
 * in the action dialogs (feedback R4.5, revisit R4.6, 督办 R6.1, delay R4.5), filled from the ticket and edited
 * before sending. Each fill counts as a use, so stale templates can be found and retired. Changes are audited.
 */
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { replyTemplates, units, type TicketRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { hasRole, isOffice } from '../auth/viewer.js';
import { requireCapability } from '../auth/permissions.js';
import { can } from '../../shared/capabilities.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import { visibleTicket } from '../tickets/ticket.service.js';
import { courtesyName, fillTemplate } from '../../domain/templates/fill.js';
import type {
  templateBody,
  templateQuery,
  TemplateKind,
  TemplateView,
} from '../../shared/schemas/knowledge.js';

type Row = typeof replyTemplates.$inferSelect;
const notFound = () => new AppError('TEMPLATE.NOT_FOUND', '文本模板不存在。');

const view = (r: Row, viewer: Viewer): TemplateView => ({
  id: r.id,
  kind: r.kind as TemplateKind,
  title: r.title,
  body: r.body,
  unitId: r.unitId,
  active: r.active,
  useCount: r.useCount,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  updatedAt: r.updatedAt.toISOString(),
  editable: can(viewer.roles, 'templates.manage') && mayManage(viewer, r.unitId),
});

/** Global templates for everyone; a unit's own for that unit's users (and for the office, when it asks). */
function visibleTo(viewer: Viewer, allUnits = false): SQL | undefined {
  if (allUnits && isOffice(viewer)) return undefined;
  return viewer.unitId
    ? or(isNull(replyTemplates.unitId), eq(replyTemplates.unitId, viewer.unitId))
    : isNull(replyTemplates.unitId);
}

/** The office keeps the global templates; a unit leader the unit's own. */
function mayManage(viewer: Viewer, unitId: string | null): boolean {
  if (unitId === null) return isOffice(viewer);
  return hasRole(viewer, 'unit_leader') && viewer.unitId === unitId;
}

export async function listTemplates(
  ctx: AppContext,
  viewer: Viewer,
  q: z.output<typeof templateQuery>,
): Promise<TemplateView[]> {
  requireCapability(viewer, 'templates.use');
  const where = [visibleTo(viewer, q.allUnits === 'true')];
  if (q.kind) where.push(eq(replyTemplates.kind, q.kind));
  if (q.includeInactive !== 'true') where.push(eq(replyTemplates.active, true));
  const rows = await ctx.db
    .select()
    .from(replyTemplates)
    .where(and(...where))
    .orderBy(asc(replyTemplates.kind), sql`${replyTemplates.unitId} IS NULL`, asc(replyTemplates.title));
  return rows.map((r) => view(r, viewer));
}

export async function saveTemplate(
  ctx: AppContext,
  viewer: Viewer,
  input: z.output<typeof templateBody>,
  id?: string,
): Promise<TemplateView> {
  requireCapability(viewer, 'templates.manage');
  const now = ctx.clock.now();
  // A unit leader's template is the unit's own; the office's are global.
  const unitId = isOffice(viewer) ? (input.unitId ?? null) : viewer.unitId;
  requireCapability(viewer, 'templates.manage', mayManage(viewer, unitId));
  const row = await ctx.db.transaction(async (tx) => {
    let r: Row | undefined;
    let retired = false;
    if (id) {
      const [cur] = await tx.select().from(replyTemplates).where(eq(replyTemplates.id, id)).for('update');
      if (!cur) throw notFound();
      requireCapability(viewer, 'templates.manage', mayManage(viewer, cur.unitId));
      retired = cur.active && input.active === false;
      [r] = await tx
        .update(replyTemplates)
        .set({
          kind: input.kind,
          title: input.title,
          body: input.body,
          active: input.active ?? cur.active,
          updatedAt: now,
        })
        .where(eq(replyTemplates.id, id))
        .returning();
    } else {
      [r] = await tx
        .insert(replyTemplates)
        .values({
          kind: input.kind,
          title: input.title,
          body: input.body,
          unitId,
          active: input.active ?? true,
          createdBy: viewer.userId,
          updatedAt: now,
        })
        .returning();
    }
    if (!r) throw notFound();
    await audit(tx, {
      at: now,
      actor: viewer,
      action: id ? (retired ? 'template.retire' : 'template.update') : 'template.create',
      target: `template:${r.id}`,
      outcome: 'success',
      details: { kind: r.kind, unitId: r.unitId, active: r.active },
    });
    return r;
  });
  return view(row, viewer);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
const shanghai = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ') : null;

async function valuesOf(ctx: AppContext, row: TicketRow): Promise<Record<string, string | null>> {
  const [unit] = row.leadUnitId
    ? await ctx.db.select({ name: units.nameZh }).from(units).where(eq(units.id, row.leadUnitId))
    : [];
  return {
    // Only the surname reaches the text (R9.1: least exposure).
    诉求人称呼: courtesyName(ctx.cipher.decrypt('complainant.name', row.complainantNameEnc)),
    工单编号: row.code,
    诉求标题: row.title,
    受理时间: shanghai(row.receivedAt),
    办结时间: shanghai(row.completedAt),
    办结时限: shanghai(row.completeDueAt),
    承办单位: unit?.name ?? null,
  };
}

/** The template filled in for one ticket the viewer may see; counted as a use. */
export async function fillForTicket(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  ticketId: string,
): Promise<{ text: string; missing: string[] }> {
  requireCapability(viewer, 'templates.use');
  const [t] = await ctx.db
    .select()
    .from(replyTemplates)
    .where(and(eq(replyTemplates.id, id), visibleTo(viewer)));
  if (!t || !t.active) throw notFound();
  const { row } = await visibleTicket(ctx, viewer, ticketId);
  const filled = fillTemplate(t.body, await valuesOf(ctx, row));
  await ctx.db
    .update(replyTemplates)
    .set({ useCount: sql`${replyTemplates.useCount} + 1`, lastUsedAt: ctx.clock.now() })
    .where(eq(replyTemplates.id, id));
  return filled;
}
