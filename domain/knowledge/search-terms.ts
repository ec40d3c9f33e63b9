/**
 * Text → search terms for the knowledge base (ADR 0009): the segmenter's words (jieba, passed in — the domain
 * stays free of IO and native code), without punctuation and function words, plus the synonym groups the text
 * belongs to. The terms are written as PostgreSQL `tsvector` / `tsquery` literals with explicit lexemes, so no
 * text-search parser or locale is involved and PGlite and PostgreSQL index and match exactly the same words.
 */
import { SYNONYM_GROUPS, synonymKeys } from './synonyms.js';

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

/** A `tsquery` literal matching any of the query's terms (the ranking query); null if none. */
export function tsqueryLiteral(query: string, segment: Segment): string | null {
  const terms = searchTerms(query, segment);
  if (terms.length === 0) return null;
  return terms.map(quote).join(' | ');
}

/**
 * The words a query must contain: every synonym group it names, and every word not already part of a
 * synonym variant in it (「暖气不热」 requires `syn:heating`, not 暖气 and 不热 as well — an article about 停暖
 * has neither). Synonym keys first.
 */
export function requiredTerms(query: string, segment: Segment): string[] {
  const compact = query.replace(/\s+/g, '').toLowerCase();
  const variants = SYNONYM_GROUPS.flatMap((g) => g.variants.filter((v) => compact.includes(v)));
  const terms = searchTerms(query, segment);
  const keys = terms.filter((t) => t.startsWith('syn:'));
  const words = terms.filter((t) => !t.startsWith('syn:') && !variants.some((v) => v.includes(t)));
  return [...keys, ...words];
}

/** No level of a query plan has more alternatives than this (the tsquery stays small). */
export const MAX_COMBINATIONS = 64;

function combinations<T>(items: readonly T[], m: number): T[][] {
  if (m === 0) return [[]];
  if (items.length < m) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...combinations(rest, m - 1).map((c) => [first, ...c]), ...combinations(rest, m)];
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - i + 1)) / i;
  return Math.round(r);
}

/** "At least `m` of these terms" as a tsquery literal: the OR of every AND of `m` of them. */
export function atLeastLiteral(terms: readonly string[], m: number): string {
  if (m >= terms.length) return terms.map(quote).join(' & ');
  if (m <= 1) return terms.map(quote).join(' | ');
  return combinations(terms, m)
    .map((c) => `(${c.map(quote).join(' & ')})`)
    .join(' | ');
}

/**
 * "At least `m` of these terms" as a nested tsquery literal, equivalent to {@link atLeastLiteral}:
 * `(t1 & at least m-1 of the rest) | at least m of the rest`. Each word is written far fewer times (164 operands
 * instead of 360 for 8 of 10 words), and the GIN index evaluates the condition for every article holding one of
 * the rarer words — the nested form costs it about half the CPU (ADR 0009).
 */
export function atLeastNestedLiteral(terms: readonly string[], m: number): string {
  if (m >= terms.length) return terms.map(quote).join(' & ');
  if (m <= 1) return terms.map(quote).join(' | ');
  const [first, ...rest] = terms as [string, ...string[]];
  return `(${quote(first)} & (${atLeastNestedLiteral(rest, m - 1)})) | ${atLeastNestedLiteral(rest, m)}`;
}

/**
 * How a query is searched: `levels` are the match conditions from the strictest — every required word
 * (AND) — through "most of them" (at least half, minimum-should-match) to any one of them; a level is used only
 * when the stricter ones found nothing. `levels` spell "most" as the OR of every AND (readable); `match` holds
 * the same conditions in the nested form the index evaluates faster — the search uses `match`. `rank` (every
 * term, ORed) orders what a level found. Null when the query has no search terms (only punctuation or function
 * words).
 */
export interface QueryPlan {
  rank: string;
  levels: string[];
  match: string[];
}

export function queryPlan(query: string, segment: Segment): QueryPlan | null {
  const rank = tsqueryLiteral(query, segment);
  const required = requiredTerms(query, segment);
  if (rank === null || required.length === 0) return null;
  const k = required.length;
  const mins: number[] = [k];
  // "Most": at least half, raised until the alternatives stay few (C(10,5) = 252 would not).
  let most = Math.ceil(k / 2);
  while (most < k && binomial(k, most) > MAX_COMBINATIONS) most++;
  if (most < k) mins.push(most);
  if (1 < Math.min(...mins)) mins.push(1);
  return {
    rank,
    levels: mins.map((m) => atLeastLiteral(required, m)),
    match: mins.map((m) => atLeastNestedLiteral(required, m)),
  };
}
