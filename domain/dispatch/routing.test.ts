import { describe, expect, it } from 'vitest';
import { applicableRules, lineage, mergeCandidates } from './routing.js';

const parents = new Map<string, string | null>([
  ['C16', null],
  ['C1601', 'C16'],
  ['C160101', 'C1601'],
]);
const rules = [
  { categoryCode: '*', districtCode: '220204', unitId: 'gov-220204', priority: 10 },
  { categoryCode: 'C1601', districtCode: null, unitId: 'water-city', priority: 120 },
  { categoryCode: 'C160101', districtCode: '220204', unitId: 'water-branch', priority: 230 },
  { categoryCode: 'C1601', districtCode: '220202', unitId: 'other-district', priority: 220 },
];

describe('routing by responsibility (R4.2, R8.3)', () => {
  it('the most specific territorial rule decides, then city-wide rules, then the territory’s government (兜底)', () => {
    const applied = applicableRules(rules, lineage('C160101', parents), '220204');
    expect(applied.map((r) => r.unitId)).toEqual(['water-branch', 'water-city', 'gov-220204']);
  });
  it('a ticket without a district matches only city-wide rules', () => {
    expect(applicableRules(rules, lineage('C160101', parents), null).map((r) => r.unitId)).toEqual([
      'water-city',
    ]);
  });
  it('merges evidence for the same unit, keeping its best score and every reason', () => {
    const merged = mergeCandidates([
      { unitId: 'a', score: 0.4, reasons: ['历史'] },
      { unitId: 'b', score: 0.9, reasons: ['目录'] },
      { unitId: 'a', score: 0.7, reasons: ['目录'] },
      { unitId: 'c', score: 0.1, reasons: ['x'] },
      { unitId: 'd', score: 0.05, reasons: ['y'] },
    ]);
    expect(merged).toEqual([
      { unitId: 'b', score: 0.9, reasons: ['目录'] },
      { unitId: 'a', score: 0.7, reasons: ['历史', '目录'] },
      { unitId: 'c', score: 0.1, reasons: ['x'] },
    ]);
  });
});
