/**
 * The leaders' heat view: requests per district and week (Asia/Shanghai weeks) or first-level category,
 * counts only, for leaders, the supervision office and the office — not for units (R8.1, R9.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import type { DistrictStatsView, OverviewStatsView } from '../../shared/schemas/stats.js';
import { weeksBetween } from './stats.service.js';

let t: TestApp;
let operator: Client;
let leader: Client;

const at = (local: string) => new Date(`${local}:00+08:00`);
const register = async (district: string | null, categoryCode?: string) => {
  const body = ticketBody({
    urgency: 'general',
    ...(categoryCode ? { categoryCode } : {}),
    location: district ? { district, address: '某小区' } : {},
  });
  const res = await operator.post('/api/v1/tickets', body);
  expect(res.statusCode, res.body).toBe(201);
};
const stats = async (query: string, c = leader) => {
  const res = await c.get(`/api/v1/stats/districts?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as DistrictStatsView;
};
const cell = (v: DistrictStatsView, district: string | null, column: string) =>
  v.cells.find((c) => c.district === district && c.column === column)?.count ?? 0;

beforeAll(async () => {
  t = await startTestApp({ now: at('2026-11-02T09:00') });
  operator = await t.as('operator');
  leader = await t.as('leader');
  // Week of Monday 2 November: two in 船营区 (one 城乡建设, one 环境保护), one in 昌邑区.
  await register('220204', 'C01');
  await register('220204', 'C02');
  await register('220202', 'C01');
  // Sunday 8 November 23:30 Shanghai is still that week (15:30 UTC).
  t.clock.set(at('2026-11-08T23:30'));
  await register('220202', 'C01');
  // Monday 9 November 00:10 Shanghai starts the next week (Sunday 16:10 UTC).
  t.clock.set(at('2026-11-09T00:10'));
  await register('220204', 'C01');
  await register(null);
  t.clock.set(at('2026-11-10T09:00'));
});
afterAll(() => t.close());

describe('GET /api/v1/stats/districts', () => {
  it('when grouped by week, then each request counts in its Shanghai week and district', async () => {
    const v = await stats(
      `from=${encodeURIComponent('2026-11-02T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-16T00:00:00+08:00')}`,
    );
    expect(v.columns).toEqual(['2026-11-02', '2026-11-09']);
    expect(cell(v, '220204', '2026-11-02')).toBe(2);
    expect(cell(v, '220202', '2026-11-02')).toBe(2);
    expect(cell(v, '220204', '2026-11-09')).toBe(1);
    expect(cell(v, null, '2026-11-09')).toBe(1);
    expect(v.total).toBe(6);
    // Every district is a row, even without requests; the unspecified row comes last.
    expect(v.districts.map((d) => d.code)).toContain('220211');
    expect(v.districts.at(-1)).toMatchObject({ code: null, nameZh: '未注明区域' });
    // Counts only: nothing in the answer names a person or a ticket.
    expect(JSON.stringify(v)).not.toMatch(/张三|13812345678|幸福小区|TK/);
  });

  it('when grouped by category, then first-level categories are the columns', async () => {
    const v = await stats(`by=category&from=${encodeURIComponent('2026-11-02T00:00:00+08:00')}`);
    expect(v.columns).toEqual(['', 'C01', 'C02']);
    expect(cell(v, '220202', 'C01')).toBe(2);
    expect(cell(v, '220204', 'C01')).toBe(2);
    expect(cell(v, '220204', 'C02')).toBe(1);
  });

  it('when the range leaves requests out, then they are not counted', async () => {
    const v = await stats(
      `from=${encodeURIComponent('2026-11-09T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-10T00:00:00+08:00')}`,
    );
    expect(v.total).toBe(2);
    expect(v.columns).toEqual(['2026-11-09']);
  });

  it('when the office or the supervision office asks, then it is answered; a unit is refused', async () => {
    expect((await stats('', await t.as('supervisor'))).total).toBe(6);
    expect((await stats('', operator)).total).toBe(6);
    const unit = await t.as('s220204-bjl.handler');
    expect((await unit.get('/api/v1/stats/districts')).statusCode).toBe(403);
  });

  it('when the range is inverted or longer than a year, then the request is refused', async () => {
    const inverted = await leader.get(
      `/api/v1/stats/districts?from=${encodeURIComponent('2026-11-10T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-01T00:00:00+08:00')}`,
    );
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json()).toMatchObject({ error: { code: 'REQUEST.INVALID' } });
    const long = await leader.get(
      `/api/v1/stats/districts?from=${encodeURIComponent('2025-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-01T00:00:00+08:00')}`,
    );
    expect(long.statusCode).toBe(400);
  });

  it('weeksBetween lists Shanghai Mondays, including a week the range only touches', () => {
    expect(weeksBetween(at('2026-11-08T23:00'), at('2026-11-09T00:30'))).toEqual([
      '2026-11-02',
      '2026-11-09',
    ]);
    expect(weeksBetween(at('2026-11-02T00:00'), at('2026-11-09T00:00'))).toEqual(['2026-11-02']);
  });
});

describe('GET /api/v1/stats/overview (leaders’ dashboard)', () => {
  const range = `from=${encodeURIComponent('2026-11-02T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-16T00:00:00+08:00')}`;
  it('counts requests per Shanghai week by channel and by first-level category', async () => {
    const res = await leader.get(`/api/v1/stats/overview?${range}`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json() as OverviewStatsView;
    expect(v.weeks).toEqual(['2026-11-02', '2026-11-09']);
    expect(v.byChannel).toEqual([{ key: 'hotline_12345', counts: [4, 2] }]);
    expect(v.byCategory).toEqual([
      { key: 'C01', counts: [3, 1] },
      { key: '', counts: [0, 1] },
      { key: 'C02', counts: [1, 0] },
    ]);
  });

  it('shows the units holding open tickets, with the overdue ones once the deadline passed', async () => {
    const list = (await operator.get('/api/v1/tickets?status=registered&pageSize=2')).json() as {
      items: { id: string }[];
    };
    const street = t.units.get('S220204-BJL') as string;
    for (const tk of list.items) {
      const d = await operator.post(`/api/v1/tickets/${tk.id}/dispatch`, { unitId: street });
      expect(d.statusCode, d.body).toBe(200);
    }
    const now = (await leader.get('/api/v1/stats/overview')).json() as OverviewStatsView;
    expect(now.units).toEqual([{ unitId: street, open: 2, overdue: 0 }]);
    t.clock.advance(30 * 86400);
    const later = (await leader.get('/api/v1/stats/overview')).json() as OverviewStatsView;
    expect(later.units).toEqual([{ unitId: street, open: 2, overdue: 2 }]);
    expect(JSON.stringify(later)).not.toMatch(/张三|13812345678|幸福小区/);
    const unit = await t.as('s220204-bjl.handler');
    expect((await unit.get('/api/v1/stats/overview')).statusCode).toBe(403);
  });
});
