import { describe, expect, it } from 'vitest';
import { categoryExamples } from './category-examples.js';

const words = (text: string) => text.split(' ');

describe('categoryExamples', () => {
  it('when paths hold catch-alls and repeats, then 其他 is dropped and each path teaches once', () => {
    const examples = categoryExamples(
      [
        { label: '商贸旅游', names: ['市场监管', '传销'] },
        { label: '商贸旅游', names: ['市场监管', '传销'] },
        { label: '商贸旅游', names: ['市场监管', '其他'] },
        { label: '商贸旅游', names: ['其他', '其他'] },
      ],
      words,
      0.5,
    );
    expect(examples).toEqual([
      { label: '商贸旅游', tokens: ['市场监管', '传销'], weight: 0.5 },
      { label: '商贸旅游', tokens: ['市场监管'], weight: 0.5 },
    ]);
  });
});
