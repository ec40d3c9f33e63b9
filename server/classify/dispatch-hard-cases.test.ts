/**
 * The dispatch engine on the hard cases a person recognises (R3.1, R4.2, R4.2.1, R8.3), through the real HTTP
 * API on a fresh database with the seeded directory and 派单目录 — the first day, no history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
});
afterAll(() => t.close());

interface View {
  categories: { code: string; nameZh: string; words: string[] }[];
  urgency: { suggested: string; signals: { word: string; reason: string }[]; notes: string[] };
  units: { unitId: string; code: string; reasons: string[]; confidence: number | null }[];
  place: { districtCode: string | null; residenceDistrictCode: string | null };
}

const ask = async (content: string): Promise<View> => {
  const res = await operator.post('/api/v1/suggestions', { content });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as View;
};
const codes = (v: View) => v.units.map((u) => u.code);

describe('dispatch engine: hard cases', () => {
  it('R3.1 停水 because the owner did not pay the property fee is a 物业 dispute: general, to 住建, and it says why', async () => {
    const v = await ask('船营区德胜街道一小区，物业说我家欠了物业费，就把我家停水了，要求先交费才恢复。');
    expect(v.urgency.suggested).toBe('general');
    expect(v.urgency.signals).toEqual([]);
    expect(v.urgency.notes.join()).toContain('物业（收费）纠纷');
    expect(codes(v)[0]).toBe('DEPT-ZJJ');
    expect(codes(v)).not.toContain('ENT-WATER-SUPPLY');
  });

  it('R3.1 R3.2 noise from a night construction site is environmental: general, to 生态环境局, not the street', async () => {
    const v = await ask('丰满区江南街道旁边工地每天晚上十一点以后还在打桩，声音特别大，根本睡不着。');
    expect(v.urgency.suggested).toBe('general');
    expect(v.urgency.notes.join()).toContain('施工噪声');
    expect(codes(v)[0]).toBe('DEPT-STHJ');
    // The same street's square-dance music is the street's (属地, R8.3).
    const local = await ask('丰满区江南街道小区楼下每天晚上跳广场舞，音响声音太大。');
    expect(codes(local).slice(0, 2)).toEqual(['S220211-JN', 'D220211']);
  });

  it('R4.2.1 R3.1 a sudden outage goes to the unit that repairs it in that district, its superior after it', async () => {
    const power = await ask('昌邑区东局子街道路边电线被风刮断了掉在地上，还冒火花。');
    expect(power.urgency.suggested).toBe('urgent');
    expect(codes(power).slice(0, 2)).toEqual(['ENT-POWER-URBAN', 'ENT-POWER']);
    const heat = await ask('丰满区红旗街道小区今天早上突然停暖了，暖气管冰凉。');
    expect(heat.urgency).toMatchObject({ suggested: 'urgent' });
    expect(heat.urgency.signals[0]?.reason).toMatch(/停热/);
    expect(codes(heat)[0]).toBe('ENT-HEAT-JN');
    const north = await ask('船营区致和街道小区今天早上突然停暖了。');
    expect(codes(north)[0]).toBe('ENT-HEAT-JB');
  });

  it('R4.2 R8.3 a city company that does not serve a county is not offered there: the county government is', async () => {
    const v = await ask('蛟河市民主街道一片居民楼突然停水两天了，一直没人管。');
    expect(v.place.districtCode).toBe('220281');
    expect(codes(v)[0]).toBe('D220281');
    expect(codes(v)).not.toContain('ENT-WATER-SUPPLY');
  });

  it('R4.2 two places: where it happened decides the district and the unit, not where the caller lives', async () => {
    const v = await ask(
      '我住在昌邑区延安街道，今天路过船营区北京路街道看到有人占道摆摊卖水果，把人行道都堵了。',
    );
    expect(v.place).toMatchObject({ districtCode: '220204', residenceDistrictCode: '220202' });
    expect(codes(v)[0]).toBe('DD220204-CGJ');
    expect(codes(v)).not.toContain('S220202-YA');
    const registered = await ask('我户籍在永吉县，现在住在高新区，小区突然停水一天了。');
    expect(registered.place.districtCode).toBe('JLHT');
    expect(codes(registered)[0]).toBe('ENT-WATER-SUPPLY');
  });

  it('R4.2 no place: city-wide matters still find their unit; no district is invented', async () => {
    const post = await ask('我在网上买的东西快递显示已签收，但我根本没收到，快递公司不给处理。');
    expect(post.place.districtCode).toBeNull();
    expect(codes(post)[0]).toBe('PROV-POST');
    const urgent = await ask('家里突然停水了，邻居家也没水，不知道什么原因。');
    expect(urgent.urgency.suggested).toBe('urgent');
    expect(codes(urgent)[0]).toBe('ENT-WATER-SUPPLY');
  });

  it('R3.1 a cut announced in advance or already restored is not urgent', async () => {
    const planned = await ask('通知说明天计划停水检修，想问具体几点到几点。');
    expect(planned.urgency.suggested).toBe('general');
    const restored = await ask('之前的停电已经恢复了，但是家里电器被烧坏了，想找供电公司赔偿。');
    expect(restored.urgency.suggested).toBe('general');
    expect(codes(restored)[0]).toBe('ENT-POWER');
    // No notice at all is the mark of a sudden cut.
    const noNotice = await ask('船营区北京路街道华丰小区停水一整天了，也没看到停水通知，老人孩子没法做饭。');
    expect(noNotice.urgency.suggested).toBe('urgent');
  });
});
