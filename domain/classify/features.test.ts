import { describe, expect, it } from 'vitest';
import {
  charNgrams,
  normaliseText,
  requestFeatures,
  textFeatures,
  DEFAULT_FEATURE_OPTIONS,
} from './features.js';

const byChar = (text: string) => Array.from(text);

describe('features', () => {
  it('when making character n-grams, then they never cross punctuation or spaces', () => {
    expect(charNgrams('停水，停电', 1, 2)).toEqual(['停', '停水', '水', '停', '停电', '电']);
    expect(charNgrams('ab c', 2, 3)).toEqual(['ab']);
    expect(charNgrams('停水', 1, 0)).toEqual([]);
  });

  it('when normalising, then full-width letters, case and digit runs collapse', () => {
    expect(normaliseText('ＡＢＣ１２３号楼')).toBe('abc0号楼');
    expect(normaliseText('A3区', false)).toBe('a3区');
  });

  it('when given segmenter words, then words of two characters or more are added with the w: prefix', () => {
    const features = textFeatures('噪音扰民', ['噪音', '扰民', '。', '民'], DEFAULT_FEATURE_OPTIONS);
    expect(features).toContain('w:噪音');
    expect(features).toContain('w:扰民');
    expect(features).not.toContain('w:民');
    expect(features).not.toContain('w:。');
  });

  it('when the request has a title, then its features count again with the t: prefix', () => {
    const options = { ...DEFAULT_FEATURE_OPTIONS, titleRepeat: 2 };
    const features = requestFeatures({ title: '停水', content: '三天了' }, byChar, options);
    expect(features.filter((f) => f === 't:停水')).toHaveLength(2);
    expect(features).toContain('停水');
    expect(features).toContain('三天');
    expect(requestFeatures({ content: '停水' }, byChar, options).some((f) => f.startsWith('t:'))).toBe(false);
  });
});
