import { describe, expect, it } from 'vitest';
import { URGENT_WORDS, urgentSignals } from './urgent-words.js';

describe('urgentSignals (R3.1)', () => {
  it.each([
    ['小区突然停水了', '停水', '突发性停水'],
    ['整栋楼停电两个小时', '停电', '突发性停电'],
    ['供热公司突然停暖', '停暖', '突发性停热'],
    ['楼道里有燃气泄漏的味道', '燃气泄漏', '公共设施隐患'],
    ['工厂偷排污水', '偷排', '环境污染'],
    ['学校食堂食物中毒', '食物中毒', '食品安全'],
    ['路上井盖丢失很危险', '井盖丢失', '公共设施隐患'],
    ['小区旁边着火了', '着火', '灾情灾害'],
  ])('R3.1 when the text is %s, then it flags %s (%s)', (text, word, reason) => {
    expect(urgentSignals(text)).toContainEqual({ word, reason });
  });

  it.each(['噪音扰民', '楼下噪音污染严重', '屋顶漏水', '占道经营', '不断电话骚扰'])(
    'R3.2 when the text is a general matter (%s), then nothing is flagged',
    (text) => {
      expect(urgentSignals(text)).toEqual([]);
    },
  );

  it('when a word occurs twice and two kinds occur, then each word is reported once, in list order', () => {
    expect(urgentSignals('停水又停电，又停水').map((s) => s.word)).toEqual(['停水', '停电']);
  });

  it('when listing the words, then none is listed twice', () => {
    const words = URGENT_WORDS.map((w) => w.word);
    expect(new Set(words).size).toBe(words.length);
  });
});

describe('context (R3.1)', () => {
  it('water cut off by the property manager over an unpaid fee is a 物业 dispute, not an outage', () => {
    expect(urgentSignals('物业说我没交物业费就把我家水停了，停水三天了')).toEqual([]);
    expect(urgentSignals('小区突然停水，到现在没来水')).toEqual([{ word: '停水', reason: '突发性停水' }]);
  });
});
