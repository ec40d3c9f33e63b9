import { describe, expect, it } from 'vitest';
import type { MonthFigures, UnitFigures } from '../../shared/schemas/assessment.js';
import { emptyCounters } from './figures.js';
import { listTalks, talkWindow, type PublishedMonth } from './talks.js';

function figures(bottom: string[]): MonthFigures {
  const units: UnitFigures[] = ['A', 'B', 'C', 'D', 'E'].map((code, i) => ({
    unitId: code,
    code,
    name: `单位${code}`,
    type: 'enterprise',
    peerGroup: 'provincial_enterprise',
    includesUnits: [],
    general: emptyCounters(),
    urgent: emptyCounters(),
    volume: 1,
    urgentVolume: 0,
    rates: { feedback: 1, satisfaction: 1, onTime: 1 },
    urgentRates: { feedback: null, satisfaction: null, onTime: null },
    composite: 100 - i,
    rank: i + 1,
    groupSize: 5,
    bottomThree: bottom.includes(code),
    tieBreak: null,
  }));
  return {
    weights: { feedback: 0.3, satisfaction: 0.4, onTime: 0.3 },
    urgentWeight: 2,
    summary: {} as MonthFigures['summary'],
    units,
  };
}

const pub = (month: string, bottom: string[]): PublishedMonth => ({
  month,
  revision: 1,
  figures: figures(bottom),
});

describe('R7.3 formal talks', () => {
  it('looks at the month and the two before it', () => {
    expect(talkWindow('2027-01')).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('when a unit is in the bottom three three months running, then it is listed with the three months', () => {
    const talks = listTalks('2026-11', [
      pub('2026-09', ['C', 'D', 'E']),
      pub('2026-10', ['C', 'D', 'E']),
      pub('2026-11', ['B', 'D', 'E']),
    ]);
    expect(talks.map((t) => t.code)).toEqual(['D', 'E']);
    expect(talks[0]?.months.map((m) => m.month)).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('when a unit is in the bottom three two months running, then it is not listed', () => {
    expect(
      listTalks('2026-11', [
        pub('2026-09', ['A', 'B', 'C']),
        pub('2026-10', ['C', 'D', 'E']),
        pub('2026-11', ['C', 'D', 'E']),
      ]).map((t) => t.code),
    ).toEqual(['C']);
  });

  it('when a month of the window is not published, then nobody is listed', () => {
    expect(listTalks('2026-11', [pub('2026-10', ['C', 'D', 'E']), pub('2026-11', ['C', 'D', 'E'])])).toEqual(
      [],
    );
  });
});
