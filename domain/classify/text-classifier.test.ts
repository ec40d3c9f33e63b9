import { describe, expect, it } from 'vitest';
import { charNgrams } from './features.js';
import {
  predict,
  scores,
  trainClassifier,
  type Algorithm,
  type ClassifierModel,
  type LabelledExample,
} from './text-classifier.js';

// A tiny hotline: three kinds of request, a few phrasings each. Character n-grams stand in for the tokenizer.
const TEXTS: Record<string, string[]> = {
  供水: ['小区突然停水了', '家里没有自来水', '自来水管爆了停水', '停水三天没人管', '水压太低没有水'],
  噪音: ['夜间施工噪音扰民', '广场舞噪音太大', '楼下酒吧噪音扰民', '工地晚上施工很吵', '装修噪音影响休息'],
  交通: ['公交车绕路不停站', '路口红绿灯坏了', '公交站牌被撞坏', '路口堵车严重', '红绿灯时间太短'],
};
const tokens = (text: string) => charNgrams(text, 1, 2);
const examples: LabelledExample[] = Object.entries(TEXTS).flatMap(([label, texts]) =>
  texts.map((text) => ({ label, tokens: tokens(text) })),
);
const ALGORITHMS: Algorithm[] = ['complement-nb', 'nearest-centroid'];
const tiny = { tfidf: { minDf: 1 } };

describe('trainClassifier / predict', () => {
  it.each(ALGORITHMS)(
    'when trained with %s on a tiny set, then it ranks unseen phrasings right',
    (algorithm) => {
      const model = trainClassifier(examples, { ...tiny, algorithm });
      expect(predict(model, tokens('我家停水了'))[0]?.label).toBe('供水');
      expect(predict(model, tokens('半夜施工噪音'))[0]?.label).toBe('噪音');
      expect(predict(model, tokens('这个路口的红绿灯'))[0]?.label).toBe('交通');
    },
  );

  it('when asked for k suggestions, then it returns k, best first, confidences in 0..1 adding up to 1', () => {
    const model = trainClassifier(examples, tiny);
    const all = predict(model, tokens('停水'), 10);
    expect(all.map((p) => p.label).sort()).toEqual(['交通', '供水', '噪音']);
    expect(all.map((p) => p.score)).toEqual([...all.map((p) => p.score)].sort((a, b) => b - a));
    expect(all.reduce((s, p) => s + p.score, 0)).toBeCloseTo(1, 10);
    expect(predict(model, tokens('停水'), 1)).toHaveLength(1);
    expect(predict(model, tokens('停水'))).toHaveLength(3);
  });

  it('when the text has no known feature, then it still answers (by the prior), without failing', () => {
    const model = trainClassifier(examples, tiny);
    expect(predict(model, [])).toHaveLength(3);
    expect(predict(model, ['未见过的特征'])[0]?.score).toBeGreaterThan(0);
  });

  it('when the model goes through JSON (as into the database), then predictions are identical', () => {
    const model = trainClassifier(examples, tiny);
    const stored = JSON.parse(JSON.stringify(model)) as ClassifierModel;
    expect(stored).toEqual(model);
    for (const text of ['我家停水了', '半夜施工噪音', '红绿灯坏了', '无关的话']) {
      expect(predict(stored, tokens(text), 3)).toEqual(predict(model, tokens(text), 3));
    }
  });

  it('when trained twice on the same examples, then the models are the same (no hidden randomness)', () => {
    expect(trainClassifier(examples, tiny)).toEqual(trainClassifier(examples, tiny));
  });

  it('when an example weighs more, then its label gains on texts that sit between labels', () => {
    const between = tokens('停水噪音');
    const model = trainClassifier(examples, { ...tiny, calibrate: false });
    const heavier = trainClassifier(
      examples.map((e) => (e.label === '噪音' ? { ...e, weight: 5 } : e)),
      { ...tiny, calibrate: false },
    );
    const noise = (m: ClassifierModel) => scores(m, between)[m.labels.indexOf('噪音')] as number;
    const water = (m: ClassifierModel) => scores(m, between)[m.labels.indexOf('供水')] as number;
    expect(noise(heavier) - water(heavier)).toBeGreaterThan(noise(model) - water(model));
  });

  it('when features are seen in fewer than minDf examples, then they are not in the model', () => {
    const model = trainClassifier(examples, { tfidf: { minDf: 2 } });
    expect(model.terms).toContain('停水');
    expect(model.terms).not.toContain('酒吧');
  });

  it('when there are no examples, then it says so', () => {
    expect(() => trainClassifier([])).toThrow(/no examples/);
  });
});
