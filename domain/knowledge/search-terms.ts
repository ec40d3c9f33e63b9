/**
 * Text → search terms for the knowledge base (ADR 0009): the segmenter's words (jieba, passed in — the domain
 * stays free of IO and native code), without punctuation and function words, plus the synonym groups the text
 * belongs to. The terms are written as PostgreSQL `tsvector` / `tsquery` literals with explicit lexemes, so no
 * text-search parser or locale is involved and PGlite and PostgreSQL index and match exactly the same words.
 */
import { synonymKeys } from './synonyms.js';

export type Segment = (text: string) => string[];

/** Words that carry no meaning for a search (questions are full of them). */
const STOPWORDS = new Set([
  '的',
  '了',
  '吗',
  '呢',
  '吧',
  '啊',
  '是',
  '在',
  '有',
  '和',
  '与',
  '或',
  '我',
  '我们',
  '你',
  '您',
  '他',
  '她',
  '它',
  '这',
  '那',
  '就',
  '都',
  '也',
  '还',
  '又',
  '被',
  '把',
  '给',
  '对',
  '从',
  '到',
  '为',
  '请',
  '请问',
  '怎么',
  '怎么办',
  '怎样',
  '如何',
  '什么',
  '哪里',
  '为什么',
  '一下',
  '一个',
  '可以',
  '能',
  '会',
  '要',
  '想',
  '问',
  '咨询',
  '个',
  '多',
  '不',
  '没',
  '很',
  '最',
  '现在',
  '今天',
  '家里',
  '家',
  '小区',
]);

const MEANINGFUL = /[\p{Script=Han}\p{L}\p{N}]/u;

/** The distinct search terms of a text, in first-seen order. */
export function searchTerms(text: string, segment: Segment): string[] {
  const out = new Set<string>();
  for (const raw of segment(text)) {
    const w = raw.trim().toLowerCase();
    if (!w || !MEANINGFUL.test(w) || STOPWORDS.has(w)) continue;
    out.add(w);
  }
  for (const key of synonymKeys(text)) out.add(key);
  return [...out];
}

const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * A `tsvector` literal: the title's terms with weight A, the body's with weight B (a word in the title ranks
 * higher), positions counted across both so that repeated words weigh more.
 */
export function tsvectorLiteral(title: string, body: string, segment: Segment): string {
  const positions = new Map<string, string[]>();
  let pos = 1;
  const add = (terms: string[], weight: 'A' | 'B') => {
    for (const t of terms) {
      const list = positions.get(t) ?? [];
      // PostgreSQL keeps up to 256 positions per lexeme; a handful already says "often".
      if (list.length < 16) list.push(`${Math.min(pos, 16383)}${weight}`);
      positions.set(t, list);
      pos++;
    }
  };
  add(allTerms(title, segment), 'A');
  add(allTerms(body, segment), 'B');
  return [...positions].map(([t, ps]) => `${quote(t)}:${ps.join(',')}`).join(' ');
}

/** Every occurrence (not distinct), for positions. */
export function allTerms(text: string, segment: Segment): string[] {
  const out: string[] = [];
  for (const raw of segment(text)) {
    const w = raw.trim().toLowerCase();
    if (w && MEANINGFUL.test(w) && !STOPWORDS.has(w)) out.push(w);
  }
  out.push(...synonymKeys(text));
  return out;
}

/** A `tsquery` literal matching any of the query's terms (ranking sorts by how many and where); null if none. */
export function tsqueryLiteral(query: string, segment: Segment): string | null {
  const terms = searchTerms(query, segment);
  if (terms.length === 0) return null;
  return terms.map(quote).join(' | ');
}
