/**
 * 派单目录 admin (R4.2, R8.3): list, create, change and delete the responsibility rules that the
 * dispatch suggestions route by. A rule names an existing category (or '*'), an existing district (or none:
 * city-wide) and an existing, active unit. No two rules share (category, district), so the decision between
 * applicable rules never rests on a tie. Every change is audited and the suggestions see it at once.
 */
import { and, asc, count, eq, ilike, isNull, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { categories, districts, responsibilityRules, units } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import type { FieldIssue } from '../../shared/errors.js';
import {
  ANY_CATEGORY,
  type RuleBody,
  type RuleListQuery,
  type RuleView,
} from '../../shared/schemas/rules.js';
import { auditedChange, changes, directoryTx, type DirTx } from './directory.common.js';

type Runner = Pick<DirTx, 'select'>;

const ruleNotFound = () =>
  new AppError('RULE.NOT_FOUND', '派单规则不存在。', {
    fields: [{ field: 'id', message: '派单规则不存在' }],
  });

function select(db: Runner) {
  return db
    .select({
      id: responsibilityRules.id,
      categoryCode: responsibilityRules.categoryCode,
      categoryName: categories.nameZh,
      districtCode: responsibilityRules.districtCode,
      districtName: districts.nameZh,
      unitId: responsibilityRules.unitId,
      unitCode: units.code,
      unitName: units.nameZh,
      unitActive: units.active,
      priority: responsibilityRules.priority,
      note: responsibilityRules.note,
    })
    .from(responsibilityRules)
    .leftJoin(categories, eq(categories.code, responsibilityRules.categoryCode))
    .leftJoin(districts, eq(districts.code, responsibilityRules.districtCode))
    .innerJoin(units, eq(units.id, responsibilityRules.unitId));
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listRules(
  ctx: AppContext,
  q: RuleListQuery,
): Promise<{ items: RuleView[]; total: number }> {
  const where: SQL[] = [];
  if (q.categoryCode === ANY_CATEGORY) where.push(eq(responsibilityRules.categoryCode, ANY_CATEGORY));
  // Category codes are hierarchical (a child's code extends its parent's): a category with everything under it.
  else if (q.categoryCode)
    where.push(like(responsibilityRules.categoryCode, `${escapeLike(q.categoryCode)}%`));
  if (q.unitId) where.push(eq(responsibilityRules.unitId, q.unitId));
  if (q.districtCode) where.push(eq(responsibilityRules.districtCode, q.districtCode));
  if (q.q) {
    const text = `%${escapeLike(q.q)}%`;
    where.push(
      or(
        ilike(categories.nameZh, text),
        ilike(responsibilityRules.categoryCode, text),
        ilike(units.nameZh, text),
        ilike(units.code, text),
        ilike(responsibilityRules.note, text),
      ) as SQL,
    );
  }
  const filter = where.length ? and(...where) : undefined;
  const [items, [total]] = await Promise.all([
    select(ctx.db)
      .where(filter)
      .orderBy(
        asc(responsibilityRules.categoryCode),
        sql`${responsibilityRules.districtCode} NULLS FIRST`,
        asc(responsibilityRules.id),
      )
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(responsibilityRules)
      .leftJoin(categories, eq(categories.code, responsibilityRules.categoryCode))
      .innerJoin(units, eq(units.id, responsibilityRules.unitId))
      .where(filter),
  ]);
  return { items, total: total?.n ?? 0 };
}

async function ruleById(db: Runner, id: string): Promise<RuleView> {
  const [row] = await select(db).where(eq(responsibilityRules.id, id));
  if (!row) throw ruleNotFound();
  return row;
}

/**
 * The references exist (category or '*', district, active unit) — 400 naming every failing field — and no other
 * rule has the same (category, district) — 409. Returns the priority to store.
 */
async function checkRule(tx: DirTx, body: RuleBody, selfId: string | null): Promise<number> {
  const fields: FieldIssue[] = [];
  let level = 0;
  if (body.categoryCode !== ANY_CATEGORY) {
    const [cat] = await tx
      .select({ level: categories.level, active: categories.active })
      .from(categories)
      .where(eq(categories.code, body.categoryCode));
    if (!cat || !cat.active)
      fields.push({ field: 'categoryCode', message: `事项分类 ${body.categoryCode} 不存在` });
    else level = cat.level;
  }
  if (body.districtCode) {
    const [d] = await tx
      .select({ code: districts.code })
      .from(districts)
      .where(eq(districts.code, body.districtCode));
    if (!d) fields.push({ field: 'districtCode', message: `县（市）区编码 ${body.districtCode} 不存在` });
  }
  const [unit] = await tx
    .select({ code: units.code, active: units.active })
    .from(units)
    .where(eq(units.id, body.unitId));
  if (!unit) fields.push({ field: 'unitId', message: '承办单位不存在' });
  else if (!unit.active)
    fields.push({ field: 'unitId', message: `单位 ${unit.code} 已停用，不能承接派单规则` });
  if (fields.length) {
    throw new AppError('REQUEST.INVALID', `请求内容不合法：${fields.map((f) => f.message).join('；')}`, {
      fields,
    });
  }
  const same = await select(tx).where(
    and(
      eq(responsibilityRules.categoryCode, body.categoryCode),
      body.districtCode
        ? eq(responsibilityRules.districtCode, body.districtCode)
        : isNull(responsibilityRules.districtCode),
      selfId ? ne(responsibilityRules.id, selfId) : undefined,
    ),
  );
  const other = same[0];
  if (other) {
    const where = other.districtName ?? (other.districtCode ? other.districtCode : '全市');
    const message = `「${other.categoryName ?? '任意分类'}」在${where}已有派单规则（承办单位 ${other.unitName}），请修改那条规则而不是新增。`;
    throw new AppError('RULE.DUPLICATE', message, {
      fields: [{ field: 'categoryCode', message }],
      ruleId: other.id,
    });
  }
  if (body.priority !== undefined) return body.priority;
  // The starter catalogue's scheme (server/reference/data/responsibility-rules.ts): the more specific rule wins.
  if (body.categoryCode === ANY_CATEGORY) return 10;
  return (body.districtCode ? 200 : 100) + 10 * level;
}

const stored = (body: RuleBody, priority: number) => ({
  categoryCode: body.categoryCode,
  districtCode: body.districtCode,
  unitId: body.unitId,
  priority,
  note: body.note,
});

/** Routing reads the rules through caches: drop them so the next suggestion uses the change. */
function changed(ctx: AppContext): void {
  ctx.suggestions.invalidateReference();
}

export async function createRule(ctx: AppContext, viewer: Viewer, body: RuleBody): Promise<RuleView> {
  const target = `${body.categoryCode}@${body.districtCode ?? '*'}`;
  return auditedChange(ctx, viewer, 'rule.create', target, async () => {
    const view = await directoryTx(ctx, async (tx) => {
      const priority = await checkRule(tx, body, null);
      const [row] = await tx
        .insert(responsibilityRules)
        .values(stored(body, priority))
        .returning({ id: responsibilityRules.id });
      if (!row) throw new Error('insert returned no row');
      const view = await ruleById(tx, row.id);
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'rule.create',
        target: row.id,
        outcome: 'success',
        details: { rule: view },
      });
      return view;
    });
    changed(ctx);
    return view;
  });
}

export async function updateRule(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  body: RuleBody,
): Promise<RuleView> {
  return auditedChange(ctx, viewer, 'rule.update', id, async () => {
    const view = await directoryTx(ctx, async (tx) => {
      const before = await ruleById(tx, id);
      const priority = await checkRule(tx, body, id);
      const next = stored(body, priority);
      await tx.update(responsibilityRules).set(next).where(eq(responsibilityRules.id, id));
      const after = await ruleById(tx, id);
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'rule.update',
        target: id,
        outcome: 'success',
        details: { changes: changes(before, next) },
      });
      return after;
    });
    changed(ctx);
    return view;
  });
}

export async function deleteRule(ctx: AppContext, viewer: Viewer, id: string): Promise<void> {
  await auditedChange(ctx, viewer, 'rule.delete', id, async () => {
    await directoryTx(ctx, async (tx) => {
      const before = await ruleById(tx, id);
      await tx.delete(responsibilityRules).where(eq(responsibilityRules.id, id));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'rule.delete',
        target: id,
        outcome: 'success',
        details: { rule: before },
      });
    });
    changed(ctx);
  });
}
