import { describe, expect, it } from 'vitest';
import { fitTemperature, softmax } from './calibration.js';
import { seededRandom } from './seeded-random.js';

describe('calibration', () => {
  it('when labels are drawn from softmax(score / T), then the fitted temperature is close to T', () => {
    const random = seededRandom(3);
    for (const T of [0.001, 1, 50]) {
      const scores: number[][] = [];
      const labels: number[] = [];
      for (let i = 0; i < 3000; i++) {
        const row = [0, 1, 2, 3].map(() => random() * 4 * T);
        const p = softmax(row, T);
        let u = random();
        let label = 0;
        while (label < p.length - 1 && (u -= p[label] as number) > 0) label++;
        scores.push(row);
        labels.push(label);
      }
      expect(fitTemperature(scores, labels) / T).toBeGreaterThan(0.8);
      expect(fitTemperature(scores, labels) / T).toBeLessThan(1.25);
    }
  });

  it('when scores are huge, then softmax does not overflow', () => {
    expect(softmax([1e6, 0], 1)).toEqual([1, 0]);
  });
});
