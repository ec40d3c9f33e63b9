import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { predict, trainClassifier } from '../../domain/classify/text-classifier.js';
import { readRequests, readTaxonomyExamples, runEvaluation } from '../../scripts/eval-classify.js';
import { segment, tokenize } from './tokenizer.js';

const SAMPLE = fileURLToPath(new URL('../../data/tipdm-2020-sample/', import.meta.url));

describe('tokenizer', () => {
  it('when the text has hotline words, then jieba keeps them whole (and in search mode their parts)', () => {
    const words = segment('楼下有人占道经营，噪音扰民，昨晚突然停暖，还有燃气泄漏，下水井也堵了');
    for (const w of ['占道经营', '噪音扰民', '噪音', '停暖', '燃气泄漏', '下水井'])
      expect(words).toContain(w);
  });

  it('when tokenising a request, then it yields words, character n-grams and title features', () => {
    const features = tokenize('小区突然停水了', '停水');
    expect(features).toContain('w:停水');
    expect(features).toContain('停水');
    expect(features).toContain('水');
    expect(features).toContain('t:w:停水');
  });

  it('when the same request is tokenised twice, then the features are the same', () => {
    expect(tokenize('A3区某小区噪音扰民', '噪音')).toEqual(tokenize('A3区某小区噪音扰民', '噪音'));
  });
});

describe('classifier on the TipDM sample', () => {
  const train = readRequests(`${SAMPLE}train.tsv`);

  it('when cross-validated (3 folds), then top-1 stays above 0.75 and top-3 above 0.9', () => {
    const taxonomy = readTaxonomyExamples(`${SAMPLE}taxonomy.tsv`, new Set(train.map((r) => r.label)));
    const result = runEvaluation({ train, extraTraining: taxonomy, folds: 3, seed: 7 });
    expect(result.n).toBe(train.length);
    expect(result.top1).toBeGreaterThan(0.75);
    expect(result.top3).toBeGreaterThan(0.9);
  });

  it('when trained on all of it, then an obvious new request gets the obvious department', () => {
    const model = trainClassifier(
      train.map((r) => ({ label: r.label, tokens: tokenize(r.content, r.title) })),
    );
    const [first] = predict(
      model,
      tokenize('孩子所在的小学乱收补课费，老师强制学生参加校外培训', '学校乱收费'),
    );
    expect(first?.label).toBe('教育文体');
  });
});
