/**
 * How a knowledge-base query is matched (ADR 0009): every required word first (a synonym group stands for the
 * words of its variant), then most of them, then any one — each level only when the stricter found nothing.
 * The segmenter is a stand-in that splits on spaces, so the test shows the rule, not jieba's dictionary.
 */
import { describe, expect, it } from 'vitest';
import {
  atLeastLiteral,
  atLeastNestedLiteral,
  MAX_COMBINATIONS,
  queryPlan,
  requiredTerms,
} from './search-terms.js';

const bySpaces = (text: string) => text.split(/\s+/);

/** Whether an article holding `present` matches a tsquery literal of quoted lexemes, `&`, `|` and parentheses. */
function matches(literal: string, present: ReadonlySet<string>): boolean {
  const tokens = literal.match(/'(?:[^']|'')*'|[&|()]/g) ?? [];
  let i = 0;
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === '|') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const and = (): boolean => {
    let v = atom();
    while (tokens[i] === '&') {
      i++;
      v = atom() && v;
    }
    return v;
  };
  const atom = (): boolean => {
    const t = tokens[i++] ?? '';
    if (t !== '(') return present.has(t.slice(1, -1).replace(/''/g, "'"));
    const v = or();
    i++;
    return v;
  };
  return or();
}

describe('knowledge query plan', () => {
  it('when the query says 暖气不热, then the heating group is required and its words are not (an article says 停暖)', () => {
    expect(requiredTerms('家里 暖气 不热 暖气不热 怎么办', bySpaces)).toEqual(['syn:heating']);
    const plan = queryPlan('家里 暖气 不热 暖气不热 怎么办', bySpaces);
    // The ranking query still counts every word: an article saying 暖气不热 ranks above one saying 停暖.
    expect(plan?.rank).toBe("'暖气' | '不热' | '暖气不热' | 'syn:heating'");
    expect(plan?.levels).toEqual(["'syn:heating'"]);
  });

  it('when a query has several words, then it requires all, then at least half, then any', () => {
    const plan = queryPlan('公积金 贷款 额度 异地', bySpaces);
    expect(requiredTerms('公积金 贷款 额度 异地', bySpaces)).toEqual([
      'syn:housing-fund',
      '贷款',
      '额度',
      '异地',
    ]);
    expect(plan?.levels).toEqual([
      "'syn:housing-fund' & '贷款' & '额度' & '异地'",
      "('syn:housing-fund' & '贷款') | ('syn:housing-fund' & '额度') | ('syn:housing-fund' & '异地') | ('贷款' & '额度') | ('贷款' & '异地') | ('额度' & '异地')",
      "'syn:housing-fund' | '贷款' | '额度' | '异地'",
    ]);
  });

  it('when a query is long, then "most" is raised until the alternatives stay few', () => {
    const words = 'a b c d e f g h i j k l'.split(' ');
    // C(12,6) = 924 … C(12,10) = 66 alternatives are too many; C(12,11) = 12 are not.
    const most = atLeastLiteral(words, 11);
    const plan = queryPlan(words.join(' '), bySpaces);
    expect(plan?.levels).toHaveLength(3);
    const alternatives = (plan?.levels[1] ?? '').split(' | ').length;
    expect(alternatives).toBeLessThanOrEqual(MAX_COMBINATIONS);
    expect(plan?.levels[1]).toBe(most);
  });

  it('when the query is one word or only function words, then there is one level or none', () => {
    expect(queryPlan('低保', bySpaces)?.levels).toEqual(["'syn:subsistence'"]);
    expect(queryPlan('请问 怎么办 吗', bySpaces)).toBeNull();
  });

  it('when "most" is written for the index, then the nested form finds exactly the articles holding at least that many words, in fewer operands', () => {
    const words = 'a b c d e f g'.split(' ');
    for (let k = 1; k <= words.length; k++) {
      const terms = words.slice(0, k);
      for (let m = 1; m <= k; m++) {
        const nested = atLeastNestedLiteral(terms, m);
        for (let mask = 0; mask < 1 << k; mask++) {
          const present = new Set(terms.filter((_, i) => mask & (1 << i)));
          expect(matches(nested, present), `${m} of ${k}, holding ${[...present].join('')}`).toBe(
            present.size >= m,
          );
          expect(matches(atLeastLiteral(terms, m), present)).toBe(present.size >= m);
        }
      }
    }
    // 8 of 10 words: 45 alternatives of 8 (360 operands) written as OR-of-AND; far fewer nested.
    const ten = 'a b c d e f g h i j'.split(' ');
    const operands = (literal: string) => (literal.split("'").length - 1) / 2;
    expect(operands(atLeastLiteral(ten, 8))).toBe(360);
    expect(operands(atLeastNestedLiteral(ten, 8))).toBeLessThan(200);
    // The plan hands the index the nested form of every level.
    const plan = queryPlan('公积金 贷款 额度 异地', bySpaces);
    expect(plan?.match).toHaveLength(3);
    expect(plan?.match[1]).toBe(atLeastNestedLiteral(requiredTerms('公积金 贷款 额度 异地', bySpaces), 2));
  });
});
