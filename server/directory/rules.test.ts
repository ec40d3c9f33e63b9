/**
 * 派单目录 admin over HTTP (R4.2, R8.3): an administrator lists, adds, changes and deletes the
 * responsibility rules; bad references are refused naming the field and change nothing; every change is audited;
 * the dispatch suggestions follow a change at once, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { auditOf, makeUnit, type ErrorJson } from './directory.fixtures.js';
import type { RuleView } from '../../shared/schemas/rules.js';
import { loadReferenceData } from '../reference/seed.js';

let t: TestApp;
let admin: Client;
let operator: Client;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  operator = await t.as('operator');
});
afterAll(() => t.close());

const BASE = '/api/v1/responsibility-rules';
type RuleList = { items: RuleView[]; total: number };
const list = async (query = '') => (await admin.get(`${BASE}?pageSize=100${query}`)).json() as RuleList;
const put = (client: Client, id: string, body: unknown) =>
  client.inject({ method: 'PUT', url: `${BASE}/${id}`, payload: body as object });
const del = (client: Client, id: string) => client.inject({ method: 'DELETE', url: `${BASE}/${id}` });
const error = (res: { json(): unknown }) => (res.json() as ErrorJson).error;
const fieldsOf = (res: { json(): unknown }) => (error(res).details?.fields ?? []).map((f) => f.field);
const unit = (code: string) => t.units.get(code) as string;

/** 公共汽车: city-wide to 市交通运输局 (DEPT-JTJ) in the starter catalogue. */
const BUS = 'C010206';

type Suggestions = { units: { unitId: string; nameZh: string; reasons: string[] }[] };
async function suggestedFor(ticketId: string) {
  const res = await operator.post(`/api/v1/tickets/${ticketId}/dispatch-suggestions`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as Suggestions).units;
}

describe('listing the rules', () => {
  it('R4.2 pages on the server and filters by category (with its subcategories), unit, district and text', async () => {
    const all = await admin.get(`${BASE}?pageSize=10&page=2`);
    expect(all.statusCode, all.body).toBe(200);
    const page2 = all.json() as RuleList;
    expect(page2.items).toHaveLength(10);
    expect(page2.total).toBeGreaterThan(100);

    const underC0102 = await list('&categoryCode=C0102');
    expect(underC0102.items.length).toBeGreaterThan(1);
    expect(underC0102.items.every((r) => r.categoryCode.startsWith('C0102'))).toBe(true);
    expect(underC0102.items.find((r) => r.categoryCode === BUS)).toMatchObject({
      categoryName: '公共汽车',
      districtCode: null,
      unitCode: 'DEPT-JTJ',
      unitActive: true,
    });

    const ofJtj = await list(`&unitId=${unit('DEPT-JTJ')}`);
    expect(ofJtj.total).toBeGreaterThan(0);
    expect(ofJtj.items.every((r) => r.unitCode === 'DEPT-JTJ')).toBe(true);

    const inChuanying = await list('&districtCode=220204');
    expect(inChuanying.items.every((r) => r.districtCode === '220204' && r.districtName)).toBe(true);

    const byText = await list(`&q=${encodeURIComponent('公共汽车')}`);
    expect(byText.items.map((r) => r.categoryCode)).toContain(BUS);
    expect(byText.total).toBeLessThan(page2.total);
  });

  it('only an administrator may read or change the rules (403 otherwise) and nothing changes', async () => {
    const before = (await list()).total;
    expect((await operator.get(BASE)).statusCode).toBe(403);
    const res = await operator.post(BASE, {
      categoryCode: BUS,
      districtCode: '220204',
      unitId: unit('D220204'),
    });
    expect(res.statusCode).toBe(403);
    expect(error(res).code).toBe('AUTH.FORBIDDEN');
    const someRule = (await list()).items[0] as RuleView;
    expect((await del(operator, someRule.id)).statusCode).toBe(403);
    expect((await put(operator, someRule.id, { ...someRule, note: 'x' })).statusCode).toBe(403);
    expect((await list()).total).toBe(before);
    expect((await list()).items[0]).toEqual(someRule);
    expect((await t.anonymous.get(BASE)).statusCode).toBe(401);
  });
});

describe('changing the rules', () => {
  it('R4.2 R8.3 a new territorial rule takes the matching ticket at once; changing and deleting it are followed too', async () => {
    const reg = await operator.post(
      '/api/v1/tickets',
      ticketBody({ content: '12路公交车司机不按站停车，乘客多次投诉。', categoryCode: BUS }),
    );
    expect(reg.statusCode, reg.body).toBe(201);
    const ticketId = (reg.json() as { id: string }).id;
    // Read once first, so a cached rule set exists that the change must invalidate.
    expect((await suggestedFor(ticketId))[0]?.unitId).toBe(unit('DEPT-JTJ'));

    const created = await admin.post(BASE, {
      categoryCode: BUS,
      districtCode: '220204',
      unitId: unit('D220204'),
      note: '船营区公交投诉先由区政府处理',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json() as RuleView;
    // Priority by the catalogue's scheme: territorial, level-3 category → 230, above the city-wide 130.
    expect(rule).toMatchObject({
      categoryCode: BUS,
      categoryName: '公共汽车',
      districtCode: '220204',
      districtName: '船营区',
      unitCode: 'D220204',
      priority: 230,
      note: '船营区公交投诉先由区政府处理',
    });
    const top = (await suggestedFor(ticketId))[0];
    expect(top?.unitId).toBe(unit('D220204'));
    expect(top?.reasons.join()).toContain('派单目录');
    expect((await auditOf(admin, 'rule.create')).find((a) => a.target === rule.id)).toMatchObject({
      outcome: 'success',
      details: { rule: { categoryCode: BUS, unitCode: 'D220204' } },
    });

    // Lowered below the city-wide rule: the city-wide rule decides again.
    const lowered = await put(admin, rule.id, {
      categoryCode: BUS,
      districtCode: '220204',
      unitId: unit('D220204'),
      priority: 50,
    });
    expect(lowered.statusCode, lowered.body).toBe(200);
    expect(lowered.json()).toMatchObject({ priority: 50, note: null });
    expect((await suggestedFor(ticketId))[0]?.unitId).toBe(unit('DEPT-JTJ'));
    expect((await auditOf(admin, 'rule.update')).find((a) => a.target === rule.id)).toMatchObject({
      outcome: 'success',
      details: { changes: { priority: [230, 50] } },
    });

    // Moved to another unit at the default priority: that unit takes it.
    const moved = await put(admin, rule.id, {
      categoryCode: BUS,
      districtCode: '220204',
      unitId: unit('DEPT-CGJ'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await suggestedFor(ticketId))[0]?.unitId).toBe(unit('DEPT-CGJ'));

    const removed = await del(admin, rule.id);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await suggestedFor(ticketId))[0]?.unitId).toBe(unit('DEPT-JTJ'));
    expect((await list(`&categoryCode=${BUS}`)).items.map((r) => r.id)).not.toContain(rule.id);
    expect((await auditOf(admin, 'rule.delete')).find((a) => a.target === rule.id)?.outcome).toBe('success');
  });

  it('R4.2 a category, district or unit that does not exist, or an inactive unit, is refused with 400 naming the field; nothing changes', async () => {
    const inactive = await makeUnit(t, admin);
    expect((await admin.post(`/api/v1/units/${inactive.id}/deactivate`)).statusCode).toBe(200);
    const before = await list();
    const good = { categoryCode: BUS, districtCode: '220211', unitId: unit('D220204') };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ categoryCode: 'C999999' }, ['categoryCode']],
      [{ districtCode: '999999' }, ['districtCode']],
      [{ unitId: '00000000-0000-4000-8000-000000000001' }, ['unitId']],
      [{ unitId: inactive.id }, ['unitId']],
      [{ unitId: 'not-a-uuid' }, ['unitId']],
      [{ categoryCode: '' }, ['categoryCode']],
      [{ priority: -1 }, ['priority']],
      [{ priority: 1.5 }, ['priority']],
      [{ categoryCode: 'C999999', districtCode: '999999' }, ['categoryCode', 'districtCode']],
    ];
    for (const [override, fields] of cases) {
      const res = await admin.post(BASE, { ...good, ...override });
      expect(res.statusCode, `${JSON.stringify(override)} ${res.body}`).toBe(400);
      expect(error(res).code).toBe('REQUEST.INVALID');
      expect(fieldsOf(res).sort()).toEqual(fields);
      expect(error(res).message).toMatch(/[\u4e00-\u9fff]/);
    }
    // An existing rule, changed badly, stays as it was.
    const existing = before.items[0] as RuleView;
    const bad = await put(admin, existing.id, { ...good, unitId: inactive.id });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['unitId']);
    const after = await list();
    expect(after.total).toBe(before.total);
    expect(after.items).toEqual(before.items);
    expect(
      (await auditOf(admin, 'rule.create')).filter((a) => a.outcome === 'failure').length,
    ).toBeGreaterThan(0);
  });

  it('R4.2 a second rule for the same category and district is refused (409), so routing never rests on a tie', async () => {
    // 占道经营 in 船营区 → 船营区城管局 is in the starter catalogue.
    const res = await admin.post(BASE, {
      categoryCode: 'C010217',
      districtCode: '220204',
      unitId: unit('DEPT-CGJ'),
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(error(res).code).toBe('RULE.DUPLICATE');
    expect(fieldsOf(res)).toEqual(['categoryCode']);
    // A city-wide rule on the same category is a different key, and '*' (any category) is allowed in a territory.
    const fallback = (await list('&categoryCode=*&districtCode=220204')).items[0] as RuleView;
    expect(fallback).toMatchObject({ categoryCode: '*', categoryName: null, priority: 10 });
    const same = await put(admin, fallback.id, {
      categoryCode: '*',
      districtCode: '220204',
      unitId: fallback.unitId,
      note: '属地兜底',
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ priority: 10, note: '属地兜底' });
  });

  it('a rule id that does not exist answers 404 for change and delete', async () => {
    const missing = '00000000-0000-4000-8000-0000000000ff';
    const body = { categoryCode: BUS, districtCode: null, unitId: unit('DEPT-JTJ') };
    const changed = await put(admin, missing, body);
    expect(changed.statusCode).toBe(404);
    expect(error(changed).code).toBe('RULE.NOT_FOUND');
    const removed = await del(admin, missing);
    expect(removed.statusCode).toBe(404);
    expect(error(removed).code).toBe('RULE.NOT_FOUND');
  });
});

describe('reloading the reference data', () => {
  it('keeps the rules admins edited; only --reset-rules brings the starter catalogue back', async () => {
    const created = await admin.post(BASE, {
      categoryCode: BUS,
      districtCode: '220203',
      unitId: unit('D220204'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const before = (await list()).total;
    await loadReferenceData(t.ctx.db, t.clock.now());
    expect((await list()).total).toBe(before);
    expect((await list('&districtCode=220203')).items.some((r) => r.unitId === unit('D220204'))).toBe(true);

    await loadReferenceData(t.ctx.db, t.clock.now(), { resetRules: true });
    const reset = await list('&districtCode=220203');
    expect(reset.items.some((r) => r.categoryCode === BUS && r.unitId === unit('D220204'))).toBe(false);
  });
});
