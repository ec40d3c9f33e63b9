/**
 * The ticket list as .xlsx: the same tickets as the list for the same filter and viewer, personal
 * data masked for everyone (R9.1), Chinese headers, Shanghai times, every export audited (R9.1), and a filter
 * that matches more than the cap refused rather than cut short.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let admin: Client;
let bjlHandler: Client;

const NAME = '欧阳娜娜';
const PHONE = '13912348765';
const OTHER_PHONE = '13700001111';
const own: string[] = [];
const other: string[] = [];

type ListItem = { id: string; code: string };
type Audit = {
  action: string;
  outcome: string;
  actorUsername: string | null;
  details: Record<string, unknown>;
};

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  admin = await t.as('admin');
  bjlHandler = await t.as('s220204-bjl.handler');
  const register = async (unitCode: string, phone: string, title: string) => {
    const body = ticketBody({
      title,
      complainant: { name: NAME, phone, address: '吉林市船营区北京路街道幸福小区3栋2单元501' },
    });
    const res = await operator.post('/api/v1/tickets', body);
    const { id, code } = res.json() as ListItem;
    const d = await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get(unitCode) });
    if (d.statusCode !== 200) throw new Error(d.body);
    return code;
  };
  for (let i = 0; i < 3; i++) own.push(await register('S220204-BJL', PHONE, `北京路导出测试 ${i}`));
  for (let i = 0; i < 2; i++) other.push(await register('S220202-YA', OTHER_PHONE, `延安街导出测试 ${i}`));
});
afterAll(() => t.close());

async function sheetOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0] as ExcelJS.Worksheet;
}
const texts = (ws: ExcelJS.Worksheet) =>
  ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map((v) => String(v ?? '')) : []));
/** The data rows as objects keyed by the Chinese headers. */
function records(ws: ExcelJS.Worksheet): Record<string, string>[] {
  const header = ws.getRow(1);
  const keys = Array.from({ length: header.cellCount }, (_, i) => header.getCell(i + 1).text);
  const out: Record<string, string>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(keys.map((k, i) => [k, row.getCell(i + 1).text])));
  });
  return out;
}
const listCodes = async (c: Client, query: string) =>
  ((await c.get(`/api/v1/tickets?pageSize=200&${query}`)).json() as { items: ListItem[] }).items.map(
    (i) => i.code,
  );
const exportsOf = async (username: string) =>
  (
    (await admin.get('/api/v1/audit?pageSize=200&action=ticket.export')).json() as { items: Audit[] }
  ).items.filter((a) => a.actorUsername === username);

describe('GET /api/v1/tickets/export.xlsx', () => {
  it('R9.1 when the office exports a filter, then the file opens with Chinese headers and holds exactly the list’s tickets, masked, in Shanghai time', async () => {
    const query = 'status=dispatched&q=导出测试';
    const res = await operator.get(`/api/v1/tickets/export.xlsx?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename=".*\.xlsx"; filename\*=UTF-8''/,
    );
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const ws = await sheetOf(res.rawPayload);
    expect(ws.name).toBe('工单列表');
    const rows = records(ws);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining([
        '工单编号',
        '标题',
        '状态',
        '承办单位',
        '诉求人（已脱敏）',
        '联系电话（已脱敏）',
      ]),
    );
    // Same tickets, same order as the list for the same filter.
    expect(rows.map((r) => r['工单编号'])).toEqual(await listCodes(operator, query));
    expect(rows.map((r) => r['工单编号']).sort()).toEqual([...own, ...other].sort());

    const first = rows.find((r) => r['工单编号'] === own[0]);
    expect(first).toMatchObject({
      状态: '已转办',
      紧急程度: '一般',
      承办单位: expect.stringContaining('北京路') as unknown as string,
      '诉求人（已脱敏）': '欧***',
      '联系电话（已脱敏）': '139****8765',
      // The test clock stands at 2026-11-10 09:00 in Jilin.
      '受理时间（北京时间）': '2026-11-10 09:00',
      '登记时间（北京时间）': '2026-11-10 09:00',
    });
    const all = texts(ws).join('\n');
    for (const secret of [NAME, PHONE, OTHER_PHONE, '幸福小区3栋']) expect(all).not.toContain(secret);
    // Also nowhere in the compressed parts (shared strings, properties).
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(res.rawPayload);
    for (const f of Object.values(zip.files)) {
      const xml = await f.async('string');
      expect(xml).not.toContain(PHONE);
      expect(xml).not.toContain(NAME);
    }
  });

  it('R9.1 when a unit handler exports, then only tickets its list shows are in the file — another unit’s are absent', async () => {
    const res = await bjlHandler.get('/api/v1/tickets/export.xlsx?q=导出测试');
    expect(res.statusCode).toBe(200);
    const codes = records(await sheetOf(res.rawPayload)).map((r) => r['工单编号']);
    expect(codes).toEqual(await listCodes(bjlHandler, 'q=导出测试'));
    expect(codes.sort()).toEqual([...own].sort());
    for (const c of other) expect(codes).not.toContain(c);
    // Even a handler of the dispatched unit, who sees them unmasked on the ticket page, exports them masked.
    const all = texts(await sheetOf(res.rawPayload)).join('\n');
    expect(all).not.toContain(PHONE);
    expect(all).toContain('139****8765');
  });

  it('R9.1 when anyone exports, then the audit log records who, the filter and the row count — never the search text', async () => {
    await operator.get('/api/v1/tickets/export.xlsx?urgency=general&q=13912348765');
    const mine = await exportsOf('operator');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine[0]).toMatchObject({
      action: 'ticket.export',
      outcome: 'success',
      details: { format: 'xlsx', filter: { urgency: 'general', search: true } },
    });
    expect(JSON.stringify(mine)).not.toContain('13912348765');
    const handler = await exportsOf('s220204-bjl.handler');
    expect(handler[0]).toMatchObject({ outcome: 'success', details: { rows: own.length } });
  });

  it('when the filter matches more tickets than the cap, then the export is refused with 413 and a hint, and the refusal is audited', async () => {
    const saved = t.ctx.config.exportRowsMax;
    t.ctx.config.exportRowsMax = 2;
    try {
      const res = await operator.get('/api/v1/tickets/export.xlsx?q=导出测试');
      expect(res.statusCode).toBe(413);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe('EXPORT.TOO_MANY_ROWS');
      expect(body.error.message).toContain('最多导出 2 件');
      expect((await exportsOf('operator'))[0]).toMatchObject({
        outcome: 'failure',
        details: { rows: 5, maxRows: 2 },
      });
    } finally {
      t.ctx.config.exportRowsMax = saved;
    }
  });

  it('when nobody is logged in, then there is no file', async () => {
    expect((await t.anonymous.get('/api/v1/tickets/export.xlsx')).statusCode).toBe(401);
  });
});
