/**
 * Four published months in one peer group (中省直部门及企事业单位): formal talks after three bottom-three months
 * and not after two (R7.3), the annual evaluation (R7.4), and the bulletin exports read back (R7.2, R9.1).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';
import type { AnnualView, TalksView } from '../../shared/schemas/assessment.js';
import { COMPLAINANT, revisitEveryTicket, Walker } from './assessment.fixtures.js';

let t: TestApp;
let w: Walker;
let operator: Client;
let leader: Client;

const at = (local: string) => new Date(`${local}:00+08:00`);
const GROUP = ['PROV-TAX', 'PROV-POST', 'ENT-WATER', 'ENT-POWER', 'ENT-GAS'];
/** The three units with an unsatisfied revisit (composite 60 against 100): the group's bottom three. */
const BOTTOM: Record<string, { start: string; bottom: string[] }> = {
  '2026-08': { start: '2026-08-03T09:00', bottom: ['ENT-WATER', 'ENT-POWER', 'ENT-GAS'] },
  '2026-09': { start: '2026-09-07T09:00', bottom: ['PROV-TAX', 'PROV-POST', 'ENT-GAS'] },
  '2026-10': { start: '2026-10-12T09:00', bottom: ['PROV-TAX', 'PROV-POST', 'ENT-POWER'] },
  '2026-11': { start: '2026-11-02T09:00', bottom: ['PROV-TAX', 'ENT-POWER', 'ENT-GAS'] },
};
const nextMonthStart: Record<string, string> = {
  '2026-08': '2026-09-01T09:00',
  '2026-09': '2026-10-01T09:00',
  '2026-10': '2026-11-01T09:00',
  '2026-11': '2026-12-01T09:00',
};

async function buildMonth(month: string): Promise<void> {
  const plan = BOTTOM[month];
  if (!plan) throw new Error(month);
  t.clock.set(at(plan.start));
  for (const unit of GROUP) {
    await w.walk(unit, { revisits: [plan.bottom.includes(unit) ? 'unsatisfied' : 'satisfied'] });
  }
}

async function publish(month: string): Promise<void> {
  t.clock.set(at(nextMonthStart[month] as string));
  for (const step of ['compute', 'review', 'publish']) {
    const res = await operator.post(`/api/v1/assessment/monthly/${month}/${step}`, {});
    expect(res.statusCode, `${step} ${month}: ${res.body}`).toBe(200);
  }
}

async function talks(month: string): Promise<TalksView> {
  const res = await leader.get(`/api/v1/assessment/talks?month=${month}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TalksView;
}

beforeAll(async () => {
  t = await startTestApp({ now: at('2026-08-03T09:00') });
  await revisitEveryTicket(t);
  w = new Walker(t);
  operator = await w.as('operator');
  leader = await w.as('leader');
  for (const month of ['2026-08', '2026-09', '2026-10']) {
    await buildMonth(month);
    await publish(month);
  }
  await buildMonth('2026-11');
}, 120_000);
afterAll(() => t?.close());

describe('formal talks (R7.3)', () => {
  it('R7.3 when a unit has been in the bottom three for two consecutive published months, then it is not listed', async () => {
    const oct = await talks('2026-10');
    expect(oct.months).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(oct.unpublishedMonths).toEqual([]);
    // PROV-TAX and PROV-POST were bottom three in September and October — two months only.
    expect(oct.units).toEqual([]);
  });

  it('R7.3 a month counts only once published', async () => {
    const nov = await talks('2026-11');
    expect(nov.unpublishedMonths).toEqual(['2026-11']);
    expect(nov.units).toEqual([]);
  });

  it('R7.3 when a unit has been in the bottom three for three consecutive published months, then it is listed with its three months of figures', async () => {
    await publish('2026-11');
    const nov = await talks('2026-11');
    expect(nov.units.map((u) => u.code)).toEqual(['PROV-TAX']);
    const tax = nov.units[0];
    expect(tax?.months.map((m) => [m.month, m.rank, m.groupSize, m.composite])).toEqual([
      // Equal scores among the bottom three: unit code decides (ENT-… before PROV-POST before PROV-TAX).
      ['2026-09', 5, 5, 60],
      ['2026-10', 5, 5, 60],
      ['2026-11', 5, 5, 60],
    ]);
    expect(tax?.months[0]?.rates).toEqual({ feedback: 1, satisfaction: 0, onTime: 1 });
  });
});

describe('annual evaluation (R7.4)', () => {
  it('R7.4 the yearly composite is recomputed over the published months, ranked in groups, with the list for superiors', async () => {
    const res = await leader.get('/api/v1/assessment/annual?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const y = res.json() as AnnualView;
    expect(y.months).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    expect(y.unpublishedMonths).toHaveLength(8);
    const ranked = y.units
      .filter((u) => u.peerGroup === 'provincial_enterprise' && u.rank !== null)
      .map((u) => [u.code, u.rank, u.composite, u.tieBreak]);
    // Satisfaction over the year: WATER 3/4, POST 2/4, GAS, POWER and TAX 1/4 — all else on time.
    expect(ranked).toEqual([
      ['ENT-WATER', 1, 90, null],
      ['PROV-POST', 2, 80, null],
      ['ENT-GAS', 3, 70, null],
      ['ENT-POWER', 4, 70, 'code'],
      ['PROV-TAX', 5, 70, 'code'],
    ]);
    expect(y.units.find((u) => u.code === 'PROV-TAX')?.months).toEqual(y.months);
    expect(y.sendToSuperiors.map((u) => u.code).sort()).toEqual(
      ['ENT-GAS', 'ENT-HEAT', 'ENT-POWER', 'ENT-WATER', 'PROV-POST', 'PROV-TAX'].sort(),
    );
    expect(y.sendToSuperiors.find((u) => u.code === 'ENT-HEAT')).toMatchObject({
      composite: null,
      rank: null,
    });
    expect(y.performanceAssessment.map((u) => u.code)).toEqual(
      expect.arrayContaining(['D220204', 'DEPT-ZJJ']),
    );
    expect(y.performanceAssessment.some((u) => u.code.startsWith('S2'))).toBe(false);
  });
});

describe('bulletin exports (R7.2, R9.1)', () => {
  const PERSONAL = [COMPLAINANT.name, COMPLAINANT.phone, '5678', '测试小区', '楼道灯'];

  async function download(path: string): Promise<Buffer> {
    const res = await leader.get(`/api/v1/assessment/monthly/2026-11/${path}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    return res.rawPayload;
  }

  it('R7.2 R7.3 the bulletin PDF reads back in Chinese: title, period, ranking per group, the talk, no personal data', async () => {
    const pdf = await download('bulletin.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'jiesu-pdf-')), 'b.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
    expect(text).toContain('吉林市民生诉求接诉即办工作通报（2026年11月）');
    expect(text).toContain('统计周期：2026年11月1日至2026年11月30日');
    expect(text).toContain('中省直部门及企事业单位');
    expect(text).toContain('国家税务总局吉林市税务局（中省直部门及企事业单位）：2026年9月第 5/5 名');
    expect(text).toContain('综合得分');
    for (const p of PERSONAL) expect(text).not.toContain(p);
  });

  it('R7.2 the bulletin .docx opens and reads back; no personal data', async () => {
    const docx = await download('bulletin.docx');
    const zip = await JSZip.loadAsync(docx);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('吉林市民生诉求接诉即办工作通报（2026年11月）');
    expect(text).toContain('三、约谈单位');
    expect(text).toContain('国家税务总局吉林市税务局（中省直部门及企事业单位）');
    expect(text).toContain('▇');
    for (const part of Object.keys(zip.files)) {
      const content = (await zip.file(part)?.async('string')) ?? '';
      for (const p of PERSONAL) expect(content, part).not.toContain(p);
    }
  });

  it('R7.1 the statistics .xlsx opens with every figure per unit; no personal data; every export is audited', async () => {
    const xlsx = await download('statistics.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['说明', '排名', '单位明细', '约谈名单']);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? '')))));
    const all = cells.join('\n');
    expect(all).toContain('国家税务总局吉林市税务局');
    expect(all).toContain('满意及基本满意数');
    for (const p of PERSONAL) expect(all).not.toContain(p);
    const rank = wb.getWorksheet('排名');
    const taxRow = rank?.getRows(2, rank.rowCount)?.find((r) => r.getCell(4).value === 'PROV-TAX');
    expect(taxRow?.getCell(2).value).toBe(5); // 名次
    expect(taxRow?.getCell(9).value).toBe(0); // 满意度
    expect(taxRow?.getCell(14).value).toBe(60); // 综合得分

    const audits = await t.ctx.db.execute(
      sql`SELECT target, outcome, actor_username FROM audit_log WHERE action = 'export' ORDER BY id`,
    );
    const rows = (
      audits as unknown as { rows: { target: string; outcome: string; actor_username: string }[] }
    ).rows;
    expect(rows.map((r) => r.target)).toEqual([
      'assessment/2026-11/r1/bulletin.pdf',
      'assessment/2026-11/r1/bulletin.docx',
      'assessment/2026-11/r1/statistics.xlsx',
    ]);
    expect(rows.every((r) => r.outcome === 'success' && r.actor_username === 'leader')).toBe(true);
  });

  it('when no Chinese font can be found, then the PDF export says so in Chinese, and the failure is audited', async () => {
    process.env.JIESU_CJK_FONT = '/nonexistent/font.ttf';
    try {
      const res = await leader.get('/api/v1/assessment/monthly/2026-11/bulletin.pdf');
      expect(res.statusCode).toBe(500);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe('EXPORT.FONT_MISSING');
      expect(body.error.message).toContain('中文字体');
    } finally {
      delete process.env.JIESU_CJK_FONT;
    }
    const audits = await t.ctx.db.execute(
      sql`SELECT outcome FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1`,
    );
    expect((audits as unknown as { rows: { outcome: string }[] }).rows[0]?.outcome).toBe('failure');
  });
});
