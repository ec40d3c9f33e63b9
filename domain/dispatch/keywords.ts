/**
 * The category a request names, read from its words with their context (R3, R4.2): the keyword part of the
 * 派单目录. Pure: the keyword list is passed in (server/reference/data/category-keywords.ts is the seeded one).
 *
 * An entry names its category when one of its words is in the text, one of its `with` words too (where it has
 * any), and none of its `unless` words. Its score is its weight times the length of the longest word found (a
 * longer word says more: 燃气泄漏 more than 燃气), plus a little for every further word.
 */

export interface KeywordEntry {
  category: string;
  words: readonly string[];
  with?: readonly string[];
  unless?: readonly string[];
  weight?: number;
}

export interface CategoryHit {
  code: string;
  score: number;
  /** The words that gave it away, as written in the text. */
  words: string[];
}

/** Every category the text names, best first; one hit per category (its best entry, all its words). */
export function matchCategories(text: string, entries: readonly KeywordEntry[]): CategoryHit[] {
  const t = text.normalize('NFKC');
  const byCode = new Map<string, CategoryHit>();
  for (const e of entries) {
    if (e.unless?.some((w) => t.includes(w))) continue;
    const found = e.words.filter((w) => t.includes(w));
    if (found.length === 0) continue;
    if (e.with && !e.with.some((w) => t.includes(w))) continue;
    // A word inside a longer found word adds nothing (停水 in 停水检修).
    const words = found.filter((w) => !found.some((o) => o !== w && o.includes(w)));
    const longest = Math.max(...words.map((w) => w.length));
    const score = (e.weight ?? 1) * (longest + 0.5 * (words.length - 1));
    const seen = byCode.get(e.category);
    if (!seen) byCode.set(e.category, { code: e.category, score, words });
    else {
      seen.score = Math.max(seen.score, score);
      for (const w of words) if (!seen.words.includes(w)) seen.words.push(w);
    }
  }
  return [...byCode.values()].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
}
