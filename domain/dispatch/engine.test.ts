import { describe, expect, it } from 'vitest';
import { calibratedConfidence, routeRequest, type EngineInput, type EngineUnit } from './engine.js';
import { matchCategories } from './keywords.js';
import { assessUrgency } from './urgency.js';

const unit = (
  id: string,
  type: string,
  territory: string[],
  superiorId: string | null = null,
): EngineUnit => ({
  id,
  code: id,
  nameZh: id,
  type,
  superiorId,
  territory,
  active: true,
});
const units = new Map(
  [
    unit('water', 'enterprise', ['A', 'B', 'C']),
    unit('water-branch', 'enterprise', ['A', 'B'], 'water'),
    unit('gov-A', 'district', ['A']),
    unit('gov-C', 'district', ['C']),
    unit('street-A1', 'street', ['A']),
    unit('env', 'city_department', ['A', 'B', 'C']),
  ].map((u) => [u.id, u]),
);
const parentOf = new Map<string, string | null>([
  ['C16', null],
  ['C1601', 'C16'],
  ['NOISE', null],
]);
const base: EngineInput = {
  categories: [],
  districtCode: 'A',
  districtName: 'A区',
  street: null,
  rules: [
    { categoryCode: 'C1601', districtCode: null, unitId: 'water-branch', priority: 120 },
    { categoryCode: 'C1601', districtCode: 'C', unitId: 'gov-C', priority: 220 },
    {
      categoryCode: 'NOISE',
      districtCode: 'A',
      unitId: 'gov-A',
      priority: 210,
      note: '属地管理：转属地街道',
    },
    { categoryCode: '*', districtCode: 'A', unitId: 'gov-A', priority: 10 },
  ],
  parentOf,
  categoryName: (c) => c,
  historyKey: (c) => c,
  units,
  history: new Map(),
  historyDays: 90,
};

describe('dispatch engine (R4.2, R4.2.1, R8.3)', () => {
  it('R4.2.1 the catalogue sends an urgent outage to the branch that repairs it, its company after it', () => {
    const out = routeRequest({ ...base, categories: [{ code: 'C1601', weight: 1, because: '「停水」' }] });
    expect(out.map((u) => u.unitId)).toEqual(['water-branch', 'water', 'gov-A']);
    expect(out[2]?.reasons).toEqual(['属地兜底：gov-A（R8.3）']);
    expect(out[0]?.reasons[0]).toBe('「停水」 + A区 → water-branch（派单目录：「C1601」）');
  });

  it('R8.3 a unit that does not serve the district is not offered; the county rule decides there', () => {
    const out = routeRequest({
      ...base,
      districtCode: 'C',
      categories: [{ code: 'C1601', weight: 1, because: '「停水」' }],
    });
    expect(out[0]?.unitId).toBe('gov-C');
    expect(out.map((u) => u.unitId)).not.toContain('water-branch');
  });

  it('R8.3 a 属地 matter goes to the street the text names, its government second', () => {
    const out = routeRequest({
      ...base,
      street: { unitId: 'street-A1', words: '一街道' },
      categories: [{ code: 'NOISE', weight: 1, because: '「广场舞」' }],
    });
    expect(out.map((u) => u.unitId).slice(0, 2)).toEqual(['street-A1', 'gov-A']);
    expect(out[0]?.reasons[0]).toContain('文中提到「一街道」');
  });

  it('R4.2 history: completed dispatches count for a unit, upheld returns against it', () => {
    const categories = [
      { code: 'C1601', weight: 1, because: '「停水」' },
      { code: 'NOISE', weight: 0.9, because: '「吵」' },
    ];
    const before = routeRequest({ ...base, categories }).map((u) => u.unitId);
    expect(before[0]).toBe('water-branch');
    const after = routeRequest({
      ...base,
      categories,
      history: new Map([
        ['water-branch|C1601', { completed: 0, upheldReturns: 3 }],
        ['gov-A|NOISE', { completed: 42, upheldReturns: 0 }],
      ]),
    });
    expect(after[0]?.unitId).toBe('gov-A');
    expect(after[0]?.reasons).toContain('近 90 天同类诉求 42 次由该单位办结');
    expect(after.find((u) => u.unitId === 'water-branch')?.reasons).toContain(
      '近 90 天同类诉求 3 次退单经审定改派',
    );
  });

  it('a confidence is shown only once enough choices were recorded, and is their smoothed share', () => {
    expect(calibratedConfidence(5, 6)).toBeNull();
    expect(calibratedConfidence(18, 20)).toBe(0.86);
  });
});

describe('事项关键词 and urgency with context (R3.1)', () => {
  const entries = [
    { category: 'OUTAGE', words: ['停水'], unless: ['物业费'], weight: 2 },
    { category: 'FEE', words: ['物业费'], with: ['停水'], weight: 4 },
    { category: 'SITE', words: ['工地', '施工'], with: ['晚上', '噪音'], weight: 2.5 },
    { category: 'NOISE', words: ['噪音', '吵'], weight: 1.5 },
  ];
  it('停水 beside 物业费 names the fee dispute, not the outage', () => {
    expect(matchCategories('没交物业费，物业给我家停水了', entries).map((h) => h.code)).toEqual(['FEE']);
    expect(matchCategories('小区突然停水了', entries)[0]).toMatchObject({ code: 'OUTAGE', words: ['停水'] });
  });
  it('a construction site at night outweighs plain noise', () => {
    expect(matchCategories('工地晚上施工噪音很大', entries)[0]?.code).toBe('SITE');
  });
  it('R3.1 the fee dispute is general and says why; a sudden outage is urgent with its kind', () => {
    const fee = assessUrgency('物业说我欠物业费，把我家停水了', null);
    expect(fee).toMatchObject({ suggested: 'general', signals: [] });
    expect(fee.notes[0]).toContain('物业');
    const sudden = assessUrgency('小区突然停水了', null);
    expect(sudden.suggested).toBe('urgent');
    expect(sudden.signals[0]).toEqual({ word: '停水', reason: '突发性停水' });
    const elevator = assessUrgency('电梯里困着人', {
      code: 'C160807',
      words: ['电梯'],
      defaultUrgency: 'urgent',
      urgentKind: '公共设施隐患',
    });
    expect(elevator.signals[0]).toEqual({ word: '电梯', reason: '公共设施隐患' });
  });
});
