/**
 * Units as a spreadsheet: the columns, the rows for export, and the import — every row is checked
 * first, then all rows are upserted by code in one transaction, or none (DIRECTORY.IMPORT_INVALID with the
 * problems of every row). Superiors are named by code and may be units of the same file.
 */
import { eq } from 'drizzle-orm';
import { districts, units, type UnitRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { audit } from '../audit/audit.service.js';
import {
  PEER_GROUP_LABELS,
  UNIT_TYPE_LABELS,
  unitCode,
  unitCreateBody,
  type ImportBody,
  type ImportProblem,
  type ImportResult,
} from '../../shared/schemas/directory.js';
import type { PeerGroup, UnitType } from '../../shared/enums.js';
import { auditedChange, directoryTx, type DirTx } from './directory.common.js';
import { checkUnits } from './directory.rules.js';
import { formatBool, parseBool, parseCoded, splitList, type Column, type Table, excerpt } from './table.js';
import { importFailed, issuesToProblems, readOrFail } from './import.common.js';

export const UNIT_COLUMNS: readonly Column[] = [
  { key: 'code', zh: '编码' },
  { key: 'nameZh', zh: '中文名称' },
  { key: 'nameEn', zh: '英文名称' },
  { key: 'type', zh: '类型' },
  { key: 'superiorCode', zh: '上级单位编码' },
  { key: 'peerGroup', zh: '同类组' },
  { key: 'mainLeader', zh: '主要领导' },
  { key: 'responsibleLeader', zh: '分管领导' },
  { key: 'territory', zh: '属地' },
  { key: 'active', zh: '启用' },
];

/** Every unit, by code, as spreadsheet rows in UNIT_COLUMNS order. */
export async function unitRows(ctx: AppContext): Promise<string[][]> {
  const rows = await ctx.db.select().from(units).orderBy(units.code);
  const codeOf = new Map(rows.map((u) => [u.id, u.code]));
  return rows.map((u) => [
    u.code,
    u.nameZh,
    u.nameEn,
    u.type,
    u.superiorId ? (codeOf.get(u.superiorId) ?? '') : '',
    u.peerGroup ?? '',
    u.mainLeader,
    u.responsibleLeader,
    u.territory.join(';'),
    formatBool(u.active),
  ]);
}

interface UnitDraft {
  row: number;
  code: string;
  nameZh: string;
  nameEn: string;
  type: UnitType;
  superiorCode: string | null;
  peerGroup: PeerGroup | null;
  mainLeader: string;
  responsibleLeader: string;
  territory: string[];
  active: boolean;
  existing: UnitRow | undefined;
}

export async function importUnits(ctx: AppContext, viewer: Viewer, body: ImportBody): Promise<ImportResult> {
  return auditedChange(ctx, viewer, 'directory.units.import', null, async () => {
    const table = await readOrFail(body, UNIT_COLUMNS);
    const result = await directoryTx(ctx, async (tx) => {
      const drafts = await validate(tx, table);
      const applied = await apply(tx, drafts);
      const violations = await checkUnits(tx, applied.changed, applied.deactivated);
      if (violations.length) {
        const rowOf = new Map(drafts.map((d) => [applied.ids.get(d.code), d.row]));
        throw importFailed(
          violations.map((v) => ({
            row: (v.unitId && rowOf.get(v.unitId)) || 0,
            column: v.field === 'superiorId' ? 'superiorCode' : 'active',
            message: v.message,
          })),
        );
      }
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'directory.units.import',
        outcome: 'success',
        details: {
          format: body.format,
          rows: drafts.length,
          created: applied.created,
          updated: applied.updated,
        },
      });
      return {
        rows: drafts.length,
        created: applied.created.length,
        updated: applied.updated.length,
        unchanged: drafts.length - applied.created.length - applied.updated.length,
      };
    });
    ctx.reference.invalidate();
    return result;
  });
}

/** Every row against the field rules and the database; throws with all problems, or returns the drafts. */
async function validate(tx: DirTx, table: Table): Promise<UnitDraft[]> {
  const existing = new Map((await tx.select().from(units)).map((u) => [u.code, u]));
  const codeOf = new Map([...existing.values()].map((u) => [u.id, u.code]));
  const districtCodes = new Map<string, string>();
  for (const d of await tx.select().from(districts)) {
    districtCodes.set(d.code, d.code);
    districtCodes.set(d.nameZh, d.code);
  }
  const problems: ImportProblem[] = [];
  const drafts: UnitDraft[] = [];
  const fileCodes = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const bad = (column: string, message: string) => problems.push({ row, column, message });
    const codeParsed = unitCode.safeParse(cells.get('code') ?? '');
    if (!codeParsed.success) {
      bad('code', codeParsed.error.issues[0]?.message ?? '单位编码不合法');
      continue;
    }
    const code = codeParsed.data;
    const earlier = fileCodes.get(code);
    if (earlier) {
      bad('code', `单位编码 ${code} 与第 ${earlier} 行重复`);
      continue;
    }
    fileCodes.set(code, row);
    const before = existing.get(code);
    const base = before
      ? {
          ...before,
          superiorCode: before.superiorId ? (codeOf.get(before.superiorId) ?? null) : null,
        }
      : {
          nameZh: '',
          nameEn: '',
          type: '',
          superiorCode: null,
          peerGroup: null,
          mainLeader: '',
          responsibleLeader: '',
          territory: [],
          active: true,
        };
    const draft = { ...base, row, code, existing: before } as UnitDraft;
    const cell = (key: string) => (table.columns.has(key) ? (cells.get(key) ?? '') : undefined);

    for (const key of ['nameZh', 'nameEn', 'mainLeader', 'responsibleLeader'] as const) {
      const v = cell(key);
      if (v !== undefined) draft[key] = v;
    }
    const type = cell('type');
    if (type !== undefined) {
      const parsed = parseCoded(type, UNIT_TYPE_LABELS);
      if (parsed) draft.type = parsed;
      else bad('type', `未知的单位类型"${excerpt(type)}"`);
    } else if (!before) bad('type', '新单位必须填写类型');
    const peer = cell('peerGroup');
    if (peer !== undefined) {
      const parsed = peer === '' ? null : parseCoded(peer, PEER_GROUP_LABELS);
      if (parsed !== undefined) draft.peerGroup = parsed;
      else bad('peerGroup', `未知的同类组"${excerpt(peer)}"`);
    }
    const superior = cell('superiorCode');
    if (superior !== undefined) draft.superiorCode = superior === '' ? null : superior;
    const territory = cell('territory');
    if (territory !== undefined) {
      const list = splitList(territory);
      const unknown = list.filter((d) => !districtCodes.has(d));
      if (unknown.length) bad('territory', `未知的县（市）区：${excerpt(unknown.join('、'))}`);
      draft.territory = [...new Set(list.map((d) => districtCodes.get(d) ?? d))];
    }
    const active = cell('active');
    if (active !== undefined && active !== '') {
      const parsed = parseBool(active);
      if (parsed === undefined) bad('active', `"${excerpt(active)}"不是"是"或"否"`);
      else draft.active = parsed;
    }
    const fields = unitCreateBody.omit({ superiorId: true }).safeParse(draft);
    if (!fields.success) problems.push(...issuesToProblems(row, fields.error.issues));
    drafts.push(draft);
  }
  for (const d of drafts) {
    if (d.superiorCode && !existing.has(d.superiorCode) && !fileCodes.has(d.superiorCode))
      problems.push({
        row: d.row,
        column: 'superiorCode',
        message: `上级单位编码 ${excerpt(d.superiorCode)} 不存在`,
      });
    if (!d.superiorCode && d.type !== 'city_government')
      problems.push({ row: d.row, column: 'superiorCode', message: '除市政府外，每个单位都必须有上级单位' });
  }
  if (problems.length) throw importFailed(problems);
  return drafts;
}

/** Inserts new units, then sets every row's fields and superior (which may be a unit inserted just now). */
async function apply(tx: DirTx, drafts: readonly UnitDraft[]) {
  const created: string[] = [];
  const updated: string[] = [];
  const changed: string[] = [];
  const deactivated: string[] = [];
  for (const d of drafts.filter((x) => !x.existing)) {
    await tx.insert(units).values({ ...fieldsOf(d), superiorId: null });
    created.push(d.code);
  }
  const ids = new Map(
    (await tx.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]),
  );
  for (const d of drafts) {
    const id = ids.get(d.code) as string;
    const next = { ...fieldsOf(d), superiorId: d.superiorCode ? (ids.get(d.superiorCode) ?? null) : null };
    if (d.existing && sameUnit(d.existing, next)) continue;
    await tx.update(units).set(next).where(eq(units.id, id));
    changed.push(id);
    if (d.existing) updated.push(d.code);
    if (d.existing?.active && !d.active) deactivated.push(id);
  }
  return { created, updated, changed, deactivated, ids };
}

const fieldsOf = (d: UnitDraft) => ({
  code: d.code,
  nameZh: d.nameZh,
  nameEn: d.nameEn,
  type: d.type,
  peerGroup: d.peerGroup,
  mainLeader: d.mainLeader,
  responsibleLeader: d.responsibleLeader,
  territory: d.territory,
  active: d.active,
});

function sameUnit(a: UnitRow, b: ReturnType<typeof fieldsOf> & { superiorId: string | null }): boolean {
  return (Object.keys(b) as (keyof typeof b)[]).every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}
