/**
 * The ticket list as .xlsx: exactly the tickets the viewer's list shows for the same filters, with
 * personal data always masked — an export leaves the platform, so it never carries more than a list (R9.1) —
 * and every export, refused or not, written to the audit log (R9.1). Times are Asia/Shanghai wall time.
 * A filter matching more than `config.exportRowsMax` tickets is refused (413) rather than cut short, so a file
 * is never mistaken for the whole list.
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { categories, channels, districts, units, type TicketRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { audit } from '../audit/audit.service.js';
import { AppError } from '../errors.js';
import { maskFreeText, maskName, maskPhone } from '../../domain/security/mask.js';
import { STATUS_ZH } from '../../domain/ticket/ticket.machine.js';
import { REQUEST_TYPE_ZH, type RevisitOutcome, type Urgency } from '../../shared/enums.js';
import type { ticketExportQuery } from '../../shared/schemas/tickets.js';
import { visibleScope } from './ticket.access.js';
import { listFilter } from './ticket.service.js';
import * as repo from './ticket.repository.js';
import type { DownloadFile } from '../http/attachment.js';

type ExportQuery = z.output<typeof ticketExportQuery>;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows read per query: bounded memory per step, and one round trip per chunk. */
const CHUNK = 2_000;
const SHEET = '工单列表';

const URGENCY_ZH: Record<Urgency, string> = { urgent: '紧急', general: '一般' };
const OUTCOME_ZH: Record<RevisitOutcome, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
  unreachable: '未联系上',
};
/** Statuses in which the completion clock no longer runs (as on the list, ticket.presenter.ts). */
const CLOCK_STOPPED: readonly string[] = ['completed', 'replied', 'archived', 'answered'];

/** The sheet's columns: Chinese headers, in the list's order, then what a report usually needs. */
export const EXPORT_COLUMNS = [
  { key: 'code', header: '工单编号', width: 18 },
  { key: 'title', header: '标题', width: 36 },
  { key: 'urgency', header: '紧急程度', width: 9 },
  { key: 'status', header: '状态', width: 9 },
  { key: 'requestType', header: '诉求类型', width: 9 },
  { key: 'completeDueAt', header: '办结时限（北京时间）', width: 19 },
  { key: 'overdue', header: '是否超期', width: 9 },
  { key: 'leadUnit', header: '承办单位', width: 30 },
  { key: 'category', header: '事项分类', width: 24 },
  { key: 'receivedAt', header: '受理时间（北京时间）', width: 19 },
  { key: 'registeredAt', header: '登记时间（北京时间）', width: 19 },
  { key: 'channel', header: '受理渠道', width: 14 },
  { key: 'district', header: '所属区域', width: 12 },
  { key: 'name', header: '诉求人（已脱敏）', width: 14 },
  { key: 'phone', header: '联系电话（已脱敏）', width: 16 },
  { key: 'returnCount', header: '退单次数', width: 9 },
  { key: 'revisitOutcome', header: '回访结果', width: 10 },
  { key: 'content', header: '诉求内容', width: 60 },
] as const;

export async function exportTicketList(
  ctx: AppContext,
  viewer: Viewer,
  q: ExportQuery,
): Promise<DownloadFile> {
  const now = ctx.clock.now();
  const max = ctx.config.exportRowsMax;
  const scope = await visibleScope(ctx.db, viewer);
  // The search text may be a phone number: the audit record says only that there was one.
  const details = {
    format: 'xlsx',
    filter: {
      status: q.status ?? null,
      urgency: q.urgency ?? null,
      requestType: q.requestType ?? null,
      unitId: q.unitId ?? null,
      overdue: q.overdue ?? null,
      sort: q.sort,
      search: Boolean(q.q),
    },
  };
  const record = (outcome: 'success' | 'failure', extra: Record<string, unknown>) =>
    audit(ctx.db, {
      at: ctx.clock.now(),
      actor: viewer,
      action: 'ticket.export',
      target: 'tickets.xlsx',
      outcome,
      details: { ...details, ...extra },
    });

  const rows: TicketRow[] = [];
  if (scope !== 'none') {
    // The export reads every row it writes anyway, and its refusal names the exact number: it counts exactly.
    const filter = { ...(await listFilter(ctx, viewer, scope, q)), countCap: Infinity };
    for (let page = 1; ; page++) {
      const chunk = await repo.listTickets(ctx.db, { ...filter, page, pageSize: CHUNK });
      if (chunk.total > max) {
        await record('failure', { rows: chunk.total, maxRows: max });
        throw new AppError(
          'EXPORT.TOO_MANY_ROWS',
          `符合条件的工单有 ${chunk.total} 件，一次最多导出 ${max} 件；请缩小筛选范围（如按状态、紧急程度分开导出）。`,
          { rows: chunk.total, maxRows: max },
        );
      }
      rows.push(...chunk.rows);
      if (chunk.rows.length < CHUNK || rows.length >= chunk.total) break;
    }
  }
  const body = await renderTicketsXlsx(ctx, rows, now);
  await record('success', { rows: rows.length, bytes: body.length });
  return {
    filename: `工单列表-${shanghai(now).replace(/[-: ]/g, '').slice(0, 12)}.xlsx`,
    contentType: XLSX_TYPE,
    body,
  };
}

async function renderTicketsXlsx(ctx: AppContext, rows: readonly TicketRow[], now: Date): Promise<Buffer> {
  const names = await nameLookups(ctx);
  const wb = new ExcelJS.Workbook();
  wb.creator = '吉林市接诉即办平台';
  wb.created = now;
  wb.modified = now;
  const ws = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  for (const r of rows) {
    const c = ctx.cipher;
    const end = CLOCK_STOPPED.includes(r.status) ? (r.completedAt ?? now) : now;
    const complainantName = c.decrypt('complainant.name', r.complainantNameEnc);
    ws.addRow({
      code: r.code,
      title: maskFreeText(r.title, [complainantName]),
      urgency: URGENCY_ZH[r.urgency] ?? r.urgency,
      status: STATUS_ZH[r.status] ?? r.status,
      requestType: REQUEST_TYPE_ZH[r.requestType] ?? r.requestType,
      completeDueAt: shanghai(r.completeDueAt),
      overdue: r.completeDueAt && end.getTime() > r.completeDueAt.getTime() ? '是' : '否',
      leadUnit: r.leadUnitId ? (names.units.get(r.leadUnitId) ?? '') : '',
      category: r.categoryCode ? (names.categories.get(r.categoryCode) ?? r.categoryCode) : '',
      receivedAt: shanghai(r.receivedAt),
      registeredAt: shanghai(r.registeredAt),
      channel: names.channels.get(r.channel) ?? r.channel,
      district: r.locationDistrict ? (names.districts.get(r.locationDistrict) ?? r.locationDistrict) : '',
      // R9.1: masked whoever exports; decrypted only to be masked, in memory.
      name: maskName(complainantName),
      phone: maskPhone(c.decrypt('complainant.phone', r.complainantPhoneEnc)),
      returnCount: r.returnCount,
      revisitOutcome: r.revisitOutcome ? (OUTCOME_ZH[r.revisitOutcome] ?? '') : '',
      // R9.1: phones, ID numbers and the complainant's name typed into the text, masked too.
      content: maskFreeText(r.content, [complainantName]),
    });
  }
  ws.getColumn('content').alignment = { wrapText: false, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function nameLookups(ctx: AppContext) {
  const [us, cats, chs, ds] = await Promise.all([
    ctx.db.select({ id: units.id, name: units.nameZh }).from(units),
    ctx.db.select({ code: categories.code, name: categories.nameZh }).from(categories),
    ctx.db.select({ code: channels.code, name: channels.nameZh }).from(channels),
    ctx.db.select({ code: districts.code, name: districts.nameZh }).from(districts),
  ]);
  return {
    units: new Map(us.map((u) => [u.id, u.name])),
    categories: new Map(cats.map((c) => [c.code, c.name])),
    channels: new Map(chs.map((c) => [c.code, c.name])),
    districts: new Map(ds.map((d) => [d.code, d.name])),
  };
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai (UTC+8 all year, no daylight saving); '' for none. */
function shanghai(d: Date | null): string {
  return d ? new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ') : '';
}
