import { describe, expect, it } from 'vitest';
import { minimise } from './lbfgs.js';

describe('minimise (L-BFGS)', () => {
  it('when the objective is an ill-conditioned quadratic, then it finds the minimum', () => {
    const scale = [1, 10, 100, 1000];
    const target = [3, -2, 0.5, 7];
    const result = minimise(
      (x, g) => {
        let f = 0;
        x.forEach((v, i) => {
          const d = v - (target[i] as number);
          f += 0.5 * (scale[i] as number) * d * d;
          g[i] = (scale[i] as number) * d;
        });
        return f;
      },
      new Float64Array(4),
      { maxIterations: 100, memory: 5, tolerance: 1e-14 },
    );
    Array.from(result.x).forEach((v, i) => expect(v).toBeCloseTo(target[i] as number, 5));
  });
});
