/**
 * Units admin: create, edit, deactivate and activate units of the tree, with their leaders (R8.2),
 * peer group (R7.2) and territory (R8.3). Every change is audited; the reference cache is refreshed after it.
 */
import { eq } from 'drizzle-orm';
import { districts, units, type UnitRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import type { z } from 'zod';
import type { unitView } from '../../shared/schemas/reference.js';
import type { UnitCreateBody, UnitPatchBody } from '../../shared/schemas/directory.js';
import type { FieldIssue } from '../../shared/errors.js';
import { auditedChange, changes, directoryTx, type DirTx } from './directory.common.js';
import { checkUnits, throwFirst } from './directory.rules.js';

export type UnitView = z.infer<typeof unitView>;

export const toUnitView = (u: UnitRow): UnitView => ({
  id: u.id,
  code: u.code,
  nameZh: u.nameZh,
  nameEn: u.nameEn,
  type: u.type,
  superiorId: u.superiorId,
  peerGroup: u.peerGroup,
  mainLeader: u.mainLeader,
  responsibleLeader: u.responsibleLeader,
  territory: u.territory,
  active: u.active,
});

const unitNotFound = (field: string) =>
  new AppError('UNIT.NOT_FOUND', '单位不存在。', { fields: [{ field, message: '单位不存在' }] });

export async function createUnit(ctx: AppContext, viewer: Viewer, body: UnitCreateBody): Promise<UnitView> {
  return auditedChange(ctx, viewer, 'unit.create', body.code, async () => {
    const created = await directoryTx(ctx, async (tx) => {
      await assertReferences(tx, body);
      const [taken] = await tx.select({ id: units.id }).from(units).where(eq(units.code, body.code));
      if (taken) {
        throw new AppError('UNIT.CODE_TAKEN', `单位编码 ${body.code} 已被使用。`, {
          fields: [{ field: 'code', message: '单位编码已被使用' }],
        });
      }
      const [row] = await tx.insert(units).values(body).returning();
      if (!row) throw new Error('insert returned no row');
      throwFirst(await checkUnits(tx, [row.id], []));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'unit.create',
        target: row.code,
        outcome: 'success',
        details: { unit: toUnitView(row) },
      });
      return row;
    });
    ctx.reference.invalidate();
    return toUnitView(created);
  });
}

export async function updateUnit(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  patch: UnitPatchBody,
): Promise<UnitView> {
  return auditedChange(ctx, viewer, 'unit.update', id, async () => {
    const updated = await directoryTx(ctx, async (tx) => {
      const before = await lockUnit(tx, id);
      await assertReferences(tx, { ...before, ...definedOnly(patch) });
      const [row] = await tx.update(units).set(patch).where(eq(units.id, id)).returning();
      if (!row) throw unitNotFound('id');
      throwFirst(await checkUnits(tx, [id], []));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'unit.update',
        target: id,
        outcome: 'success',
        details: { code: row.code, changes: changes(toUnitView(before), patch) },
      });
      return row;
    });
    ctx.reference.invalidate();
    return toUnitView(updated);
  });
}

/**
 * Deactivation never orphans a ticket: it is refused while the unit holds open tickets, has active subordinate
 * units or active users (directory.rules.ts). Activation needs an active superior.
 */
export async function setUnitActive(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  active: boolean,
): Promise<UnitView> {
  const action = active ? 'unit.activate' : 'unit.deactivate';
  return auditedChange(ctx, viewer, action, id, async () => {
    const row = await directoryTx(ctx, async (tx) => {
      const before = await lockUnit(tx, id);
      if (before.active === active) return before;
      const [after] = await tx.update(units).set({ active }).where(eq(units.id, id)).returning();
      if (!after) throw unitNotFound('id');
      throwFirst(await checkUnits(tx, [id], active ? [] : [id]));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action,
        target: id,
        outcome: 'success',
        details: { code: after.code },
      });
      return after;
    });
    ctx.reference.invalidate();
    return toUnitView(row);
  });
}

async function lockUnit(tx: DirTx, id: string): Promise<UnitRow> {
  const [row] = await tx.select().from(units).where(eq(units.id, id)).for('update');
  if (!row) throw unitNotFound('id');
  return row;
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Territory codes exist, the superior exists, and only the city government stands without a superior. */
async function assertReferences(
  tx: DirTx,
  u: { type: string; superiorId: string | null; territory: readonly string[] },
): Promise<void> {
  const known = new Set((await tx.select({ code: districts.code }).from(districts)).map((d) => d.code));
  const fields: FieldIssue[] = u.territory.flatMap((code, i) =>
    known.has(code) ? [] : [{ field: `territory.${i}`, message: `未知的县（市）区编码 ${code}` }],
  );
  if (new Set(u.territory).size !== u.territory.length)
    fields.push({ field: 'territory', message: '属地编码不能重复' });
  if (!u.superiorId && u.type !== 'city_government')
    fields.push({ field: 'superiorId', message: '除市政府外，每个单位都必须有上级单位' });
  if (fields.length) {
    throw new AppError('REQUEST.INVALID', `请求内容不合法：${fields.map((f) => f.message).join('；')}`, {
      fields,
    });
  }
  if (u.superiorId) {
    const [superior] = await tx.select({ id: units.id }).from(units).where(eq(units.id, u.superiorId));
    if (!superior)
      throw new AppError('UNIT.NOT_FOUND', '上级单位不存在。', {
        fields: [{ field: 'superiorId', message: '上级单位不存在' }],
      });
  }
}
