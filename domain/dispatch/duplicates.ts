/**
 * Likely duplicates (重复诉求): the same complainant (keyed phone hash) within 30 days, or similar
 * text in the same area within 7 days. Pure: the server passes candidates and the words of each text.
 */

export const SAME_PHONE_DAYS = 30;
export const SIMILAR_TEXT_DAYS = 7;
/** Jaccard similarity of the word sets above which two requests in one area are likely the same problem. */
export const SIMILAR_TEXT_THRESHOLD = 0.3;

/** Words that carry no subject: particles, punctuation, single characters. */
const STOP = new Set([
  '的',
  '了',
  '在',
  '是',
  '我',
  '有',
  '和',
  '就',
  '不',
  '人',
  '都',
  '也',
  '很',
  '到',
  '要',
  '请',
  '已经',
  '没有',
  '我们',
  '小区',
]);

export function contentWords(words: readonly string[]): Set<string> {
  return new Set(words.filter((w) => w.length >= 2 && !STOP.has(w) && !/^[\p{P}\s\d]+$/u.test(w)));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

export interface DuplicateCandidate {
  id: string;
  registeredAt: Date;
  phoneHash: string;
  district: string | null;
  words: ReadonlySet<string>;
}

export interface DuplicateMatch {
  id: string;
  reason: 'same-phone' | 'similar-text';
  score: number;
}

export function likelyDuplicates(
  subject: {
    id?: string;
    at: Date;
    phoneHash: string | null;
    district: string | null;
    words: ReadonlySet<string>;
  },
  candidates: readonly DuplicateCandidate[],
): DuplicateMatch[] {
  const day = 86_400_000;
  const out: (DuplicateMatch & { at: number })[] = [];
  for (const c of candidates) {
    if (c.id === subject.id) continue;
    const age = subject.at.getTime() - c.registeredAt.getTime();
    if (age < 0) continue;
    if (subject.phoneHash && c.phoneHash === subject.phoneHash && age <= SAME_PHONE_DAYS * day) {
      out.push({ id: c.id, reason: 'same-phone', score: 1, at: c.registeredAt.getTime() });
      continue;
    }
    if (subject.district && c.district === subject.district && age <= SIMILAR_TEXT_DAYS * day) {
      const score = jaccard(subject.words, c.words);
      if (score >= SIMILAR_TEXT_THRESHOLD)
        out.push({
          id: c.id,
          reason: 'similar-text',
          score: Math.round(score * 1000) / 1000,
          at: c.registeredAt.getTime(),
        });
    }
  }
  // Equal scores (every ticket of the same phone scores 1): the newest first, then the candidates' own order
  // (the caller's, newest code first), so that the ten shown are the same ten at every check.
  return out
    .sort((a, b) => b.score - a.score || b.at - a.at)
    .slice(0, 10)
    .map(({ id, reason, score }) => ({ id, reason, score }));
}
