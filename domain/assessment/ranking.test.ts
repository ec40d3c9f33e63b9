import { describe, expect, it } from 'vitest';
import { rankWithinGroups, type RankCandidate } from './ranking.js';

const cand = (
  code: string,
  composite: number | null,
  satisfaction: number | null = 1,
  volume = 1,
  peerGroup: string | null = 'g',
): RankCandidate => ({
  unitId: code,
  code,
  peerGroup,
  composite,
  satisfaction,
  volume,
});

describe('R7.2 ranking within peer groups', () => {
  it('when scores differ, then the higher score ranks first', () => {
    const p = rankWithinGroups([cand('B', 70), cand('A', 90), cand('C', 80)]);
    expect(['A', 'C', 'B'].map((u) => p.get(u)?.rank)).toEqual([1, 2, 3]);
  });

  it.each([
    ['satisfaction', cand('A', 80, 0.5, 9), cand('B', 80, 1, 1)],
    ['volume', cand('A', 80, 1, 1), cand('B', 80, 1, 2)],
    ['code', cand('B', 80, 1, 2), cand('A', 80, 1, 2)],
  ] as const)('when scores are equal, then %s decides', (rule, lower, upper) => {
    const p = rankWithinGroups([lower, upper]);
    expect(p.get(upper.unitId)).toMatchObject({ rank: 1, tieBreak: null });
    expect(p.get(lower.unitId)).toMatchObject({ rank: 2, tieBreak: rule });
  });

  it('a unit with no satisfaction rate sorts below one with any rate at the same score', () => {
    const p = rankWithinGroups([cand('A', 60, null), cand('B', 60, 0)]);
    expect(p.get('B')?.rank).toBe(1);
    expect(p.get('A')?.tieBreak).toBe('satisfaction');
  });

  it('groups are ranked separately; units without a group or a score are not ranked', () => {
    const p = rankWithinGroups([
      cand('A', 50, 1, 1, 'x'),
      cand('B', 90, 1, 1, 'y'),
      cand('C', 40, 1, 1, 'y'),
      cand('D', 99, 1, 1, null),
      cand('E', null, null, 0, 'y'),
    ]);
    expect(p.get('A')).toMatchObject({ rank: 1, groupSize: 1 });
    expect(p.get('B')).toMatchObject({ rank: 1, groupSize: 2 });
    expect(p.get('C')).toMatchObject({ rank: 2, groupSize: 2 });
    expect(p.get('D')).toMatchObject({ rank: null, groupSize: 0 });
    expect(p.get('E')).toMatchObject({ rank: null, groupSize: 2, bottomThree: false });
  });

  it.each([
    [3, []],
    [4, ['U2', 'U3', 'U4']],
    [6, ['U4', 'U5', 'U6']],
  ])('R7.3 in a group of %i ranked units, the bottom three are %j', (n, bottom) => {
    const p = rankWithinGroups(Array.from({ length: n }, (_, i) => cand(`U${i + 1}`, 100 - i)));
    expect([...p.entries()].filter(([, v]) => v.bottomThree).map(([k]) => k)).toEqual(bottom);
  });
});
