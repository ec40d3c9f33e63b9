import { describe, expect, it } from 'vitest';
import { crossValidate, evaluate, stratifiedFolds } from './cross-validation.js';
import type { LabelledExample } from './text-classifier.js';

const labels = [...Array<string>(10).fill('a'), ...Array<string>(5).fill('b'), ...Array<string>(3).fill('c')];

describe('stratifiedFolds', () => {
  it('when the seed is the same, then the folds are the same; another seed shuffles differently', () => {
    expect(stratifiedFolds(labels, 3, 7)).toEqual(stratifiedFolds(labels, 3, 7));
    expect(stratifiedFolds(labels, 3, 7)).not.toEqual(stratifiedFolds(labels, 3, 8));
  });

  it('when splitting, then every label is spread evenly and the folds differ in size by one at most', () => {
    const fold = stratifiedFolds(labels, 3, 1);
    for (const label of ['a', 'b', 'c']) {
      const counts = [0, 1, 2].map((f) => fold.filter((x, i) => x === f && labels[i] === label).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const sizes = [0, 1, 2].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('when k is below 2, then it refuses', () => {
    expect(() => stratifiedFolds(labels, 1, 0)).toThrow();
  });
});

describe('evaluate / crossValidate', () => {
  it('when the truth is first, third or absent, then top-1 and top-3 count it so', () => {
    const p = (...ls: string[]) => ls.map((label, i) => ({ label, score: 1 - i / 10 }));
    const e = evaluate(['a', 'b', 'c'], [p('a', 'b', 'c'), p('a', 'c', 'b'), p('a', 'b', 'd')]);
    expect(e.top1).toBeCloseTo(1 / 3);
    expect(e.top3).toBeCloseTo(2 / 3);
    expect(e.perLabel.a).toEqual({ n: 1, recall: 1 });
    expect(e.confusion.b).toEqual({ a: 1 });
  });

  it('when extra training examples are given, then every fold trains on them and none is tested', () => {
    const examples: LabelledExample[] = labels.map((label, i) => ({ label, tokens: [label, `x${i}`] }));
    const extra: LabelledExample[] = [{ label: 'z', tokens: ['z'] }];
    const seen: number[] = [];
    const result = crossValidate(examples, {
      folds: 3,
      seed: 1,
      extraTraining: extra,
      train: (ex) => {
        seen.push(ex.filter((e) => e.label === 'z').length);
        return null;
      },
      predict: (_m, tokens) => [{ label: tokens[0] as string, score: 1 }],
    });
    expect(seen).toEqual([1, 1, 1]);
    expect(result.n).toBe(labels.length);
    expect(result.top1).toBe(1);
    expect(result.perFold.map((f) => f.n).reduce((a, b) => a + b)).toBe(labels.length);
  });
});
