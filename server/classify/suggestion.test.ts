/**
 * Dispatch suggestions: the top three units with a reason each, from the responsibility
 * rules and from models learned from past tickets; urgent words raise urgency (R3.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
});
afterAll(() => t.close());

type Suggestions = {
  categories: { code: string; nameZh: string; words: string[] }[];
  urgency: { suggested: string; signals: { word: string }[] };
  units: { unitId: string; nameZh: string; reasons: string[] }[];
  place: {
    districtCode: string | null;
    streetUnitId: string | null;
    address: string;
    matches: { name: string; start: number; end: number; residence: boolean }[];
    residenceDistrictCode: string | null;
  };
};

describe('dispatch suggestions', () => {
  it('R4.2 R3.1 a sudden water outage in 船营区 is suggested as urgent, with the water company first and a reason', async () => {
    const res = await operator.post('/api/v1/suggestions', {
      content: '北京路幸福小区从早上开始突然停水，到现在还没来水，老人孩子没法做饭。',
      district: '220204',
    });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as Suggestions;
    expect(s.urgency).toMatchObject({
      suggested: 'urgent',
      signals: expect.arrayContaining([expect.objectContaining({ word: '停水' })]),
    });
    expect(s.units.length).toBeGreaterThan(0);
    expect(s.units.length).toBeLessThanOrEqual(3);
    expect(s.units[0]?.nameZh).toMatch(/水务|供水/);
    expect(s.units[0]?.reasons.join()).toContain('派单目录');
  });

  it('for a registered ticket with a chosen category, the rule for that category and district decides', async () => {
    const { id } = (
      await operator.post(
        '/api/v1/tickets',
        ticketBody({ content: '小区楼下有人占道经营，摆摊卖菜，堵住消防通道。' }),
      )
    ).json() as { id: string };
    const s = (await operator.post(`/api/v1/tickets/${id}/dispatch-suggestions`)).json() as Suggestions;
    expect(s.units[0]?.reasons.join()).toMatch(/派单目录/);
    // The matter the text names, with the words that named it.
    expect(s.categories[0]).toMatchObject({ nameZh: '占道经营', words: expect.arrayContaining(['占道']) });
    const handler = await t.as('s220204-bjl.handler');
    expect((await handler.post(`/api/v1/tickets/${id}/dispatch-suggestions`)).statusCode).toBe(403);
  });

  it('learns from history: after retraining on dispatched tickets, the unit that handled similar tickets is suggested with that reason', async () => {
    const unit = t.units.get('DEPT-JYJ') as string; // 市教育局
    const handler = await t.as('dept-jyj.handler');
    for (let i = 0; i < 6; i++) {
      const { id } = (
        await operator.post(
          '/api/v1/tickets',
          ticketBody({
            content: `校外培训机构第${i}次违规收费，家长投诉退费难，请教育部门查处。`,
            categoryCode: undefined,
          }),
        )
      ).json() as { id: string };
      await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: unit });
      await handler.post(`/api/v1/tickets/${id}/accept`, { responsiblePerson: '教育局 王' });
    }
    // Some other history so there are at least two units to learn.
    const other = await t.as('ent-heat.handler');
    for (let i = 0; i < 6; i++) {
      const { id } = (
        await operator.post(
          '/api/v1/tickets',
          ticketBody({ content: `暖气不热第${i}天，室温只有十二度，热力公司不管。` }),
        )
      ).json() as { id: string };
      await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('ENT-HEAT') });
      await other.post(`/api/v1/tickets/${id}/accept`, { responsiblePerson: '热力 李' });
    }
    const trained = await operator.post('/api/v1/classifier/train');
    expect(trained.json()).toMatchObject({ unit: 12 });
    const s = (
      await operator.post('/api/v1/suggestions', { content: '校外培训机构违规收费，退费难。' })
    ).json() as Suggestions;
    const jyj = s.units.find((x) => x.unitId === unit);
    expect(jyj?.reasons.join()).toContain('相似历史工单');
  });

  it('R4.2 R8.3 the place is read from the text: district and street found; a 属地 matter goes to the street named, an outage to the company', async () => {
    const content = '船营区北京路街道华丰小区停水一整天了';
    const s = (await operator.post('/api/v1/suggestions', { content })).json() as Suggestions;
    expect(s.place.districtCode).toBe('220204');
    expect(s.place.address).toBe('船营区北京路街道');
    expect(s.place.streetUnitId).toBe(t.units.get('S220204-BJL'));
    expect(s.place.matches.map((m) => content.slice(m.start, m.end))).toEqual(['船营区', '北京路街道']);
    expect(s.units[0]?.unitId).toBe(t.units.get('ENT-WATER-SUPPLY'));
    expect(s.units[0]?.reasons.join()).toContain('「停水」 + 船营区 → 吉林市水务集团供水分公司');
    // No history of operators' choices yet: no confidence figure is shown.
    expect(s.units.map((u) => (u as { confidence?: number | null }).confidence)).toEqual(
      [null, null, null].slice(0, s.units.length),
    );
    expect(s.units.flatMap((u) => u.reasons).join()).not.toMatch(/%/);

    const local = (
      await operator.post('/api/v1/suggestions', {
        content: '船营区北京路街道华丰小区楼下每天晚上跳广场舞，音响太吵',
      })
    ).json() as Suggestions;
    expect(local.units.map((u) => u.unitId).slice(0, 2)).toEqual([
      t.units.get('S220204-BJL'),
      t.units.get('D220204'),
    ]);
    expect(local.units[0]?.reasons.join()).toContain('属地');
  });

  it('R4.2 two places: where it happened counts, not where the caller lives; no place, no district', async () => {
    const s = (
      await operator.post('/api/v1/suggestions', {
        content: '我住在昌邑区，今天在船营区德胜街道看到路边井盖丢了，很危险。',
      })
    ).json() as Suggestions;
    expect(s.place).toMatchObject({ districtCode: '220204', residenceDistrictCode: '220202' });
    const none = (
      await operator.post('/api/v1/suggestions', { content: '路灯不亮了，晚上很黑。' })
    ).json() as Suggestions;
    expect(none.place).toMatchObject({ districtCode: null, address: '', matches: [] });
  });
});
