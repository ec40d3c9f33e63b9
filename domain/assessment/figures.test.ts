import { describe, expect, it } from 'vitest';
import {
  compositeScore,
  emptyCounters,
  plainRates,
  round2,
  weightedRates,
  type SplitCounters,
} from './figures.js';
import type { Counters } from '../../shared/schemas/assessment.js';

const W = { feedback: 0.3, satisfaction: 0.4, onTime: 0.3 };
const c = (p: Partial<Counters>): Counters => ({ ...emptyCounters(), ...p });
const split = (general: Partial<Counters>, urgent: Partial<Counters> = {}): SplitCounters => ({
  general: c(general),
  urgent: c(urgent),
});

describe('R7.1 rates and composite score', () => {
  it.each([
    // [urgent weight, expected feedback rate] for 3/4 general on time and 0/1 urgent on time
    [1, 3 / 5],
    [2, 3 / 6],
    [3, 3 / 7],
  ])('when urgent tickets weigh %i, then each counts that many times in a rate', (weight, expected) => {
    const r = weightedRates(split({ feedbackDue: 4, feedbackOnTime: 3 }, { feedbackDue: 1 }), weight);
    expect(r.feedback).toBeCloseTo(expected, 12);
  });

  it('when every rate is known, then composite = 100 × (0.3 feedback + 0.4 satisfaction + 0.3 on time)', () => {
    const r = { feedback: 0.9, satisfaction: 0.8, onTime: 0.7 };
    expect(compositeScore(r, W)).toBe(80);
  });

  it('when a rate has no denominator, then it is left out and the others are re-weighted', () => {
    expect(compositeScore({ feedback: 1, satisfaction: null, onTime: 0.5 }, W)).toBe(75);
    expect(compositeScore({ feedback: null, satisfaction: 0.5, onTime: null }, W)).toBe(50);
  });

  it('when no rate has a denominator, then there is no score', () => {
    expect(compositeScore({ feedback: null, satisfaction: null, onTime: null }, W)).toBeNull();
    expect(weightedRates(split({ received: 3 }), 2)).toEqual({
      feedback: null,
      satisfaction: null,
      onTime: null,
    });
  });

  it('satisfaction counts satisfied and basically satisfied over the revisits that reached someone', () => {
    const r = plainRates(c({ revisitsReached: 4, revisitsSatisfied: 3, revisitsUnreachable: 5 }));
    expect(r.satisfaction).toBe(0.75);
  });

  it('scores are published with two decimals', () => {
    expect(round2(66.0714285)).toBe(66.07);
    expect(round2(1.005)).toBe(1.01);
    expect(compositeScore({ feedback: 5 / 8, satisfaction: 5 / 7, onTime: 5 / 8 }, W)).toBe(66.07);
  });
});
