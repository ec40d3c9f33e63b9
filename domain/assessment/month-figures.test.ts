import { describe, expect, it } from 'vitest';
import { emptySplit, type SplitCounters } from './figures.js';
import { assessedUnitMap, buildFigures, type UnitInfo } from './month-figures.js';

const unit = (
  id: string,
  peerGroup: string | null,
  superiorId: string | null = null,
  active = true,
): UnitInfo => ({
  id,
  code: id.toUpperCase(),
  nameZh: `单位${id}`,
  type: 'x',
  peerGroup,
  superiorId,
  active,
});
const UNITS = [
  unit('city', null),
  unit('dept', 'city_department', 'city'),
  unit('sub', null, 'dept'),
  unit('subsub', null, 'sub'),
  unit('street', 'street_township', 'district'),
  unit('district', 'district_government', 'city'),
  unit('gone', 'street_township', 'district', false),
];
const POLICY = { weights: { feedback: 0.3, satisfaction: 0.4, onTime: 0.3 }, urgentWeight: 2 };

function received(n: number, urgent = 0): SplitCounters {
  const s = emptySplit();
  s.general.received = n;
  s.general.completed = n;
  s.general.completedOnTime = n;
  s.urgent.received = urgent;
  return s;
}

describe('R7.2 assessed units', () => {
  it('a unit without a peer group answers through its nearest superior that has one', () => {
    const m = assessedUnitMap(UNITS);
    expect(m.get('sub')).toBe('dept');
    expect(m.get('subsub')).toBe('dept');
    expect(m.get('street')).toBe('street'); // has its own group: not folded into its district
    expect(m.get('city')).toBeNull();
  });

  it('when a subordinate unit receives tickets, then they count for its superior, which lists it', () => {
    const f = buildFigures(
      UNITS,
      new Map([
        ['dept', received(1)],
        ['subsub', received(2, 1)],
        ['city', received(5)],
      ]),
      POLICY,
    );
    const dept = f.units.find((u) => u.unitId === 'dept');
    expect(dept).toMatchObject({ volume: 4, urgentVolume: 1 });
    expect(dept?.includesUnits.map((u) => u.unitId).sort()).toEqual(['sub', 'subsub']);
    expect(f.units.map((u) => u.unitId)).not.toContain('city');
    expect(f.summary.volume).toBe(4);
  });

  it('inactive units appear only when they have figures', () => {
    const ids = (c: Map<string, SplitCounters>) => buildFigures(UNITS, c, POLICY).units.map((u) => u.unitId);
    expect(ids(new Map())).not.toContain('gone');
    expect(ids(new Map([['gone', received(1)]]))).toContain('gone');
  });
});
