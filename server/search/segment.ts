/**
 * Words of a ticket for search (ADR 0010), with the knowledge base's segmentation (ADR 0009): jieba with the
 * hotline's vocabulary (server/classify/tokenizer.ts), the same stop words and synonym groups
 * (domain/knowledge/search-terms.ts), written as explicit lexemes of a `tsvector` literal, so PGlite and
 * PostgreSQL index and match the same words without a text-search parser or locale.
 *
 * Never personal data (R9.1): the complainant's name, phone, ID number and address are sealed in their own
 * columns and never reach the vector; digit runs in the free text that could be a phone, an ID or a bank number
 * are left out, and the registration passes the complainant's own strings to be left out wherever they appear.
 */
import { DOMAIN_WORDS, segment, segmentPrecise } from '../classify/tokenizer.js';
import { allTerms } from '../../domain/knowledge/search-terms.js';
import { SYNONYM_GROUPS } from '../../domain/knowledge/synonyms.js';
import { contentWords } from '../../domain/dispatch/duplicates.js';
import { similarityKeys } from '../../domain/dispatch/similarity-keys.js';

export { segment };

/** Keys of event payloads that hold what people wrote on a ticket: replies, results, notes, reasons. */
export const EVENT_TEXT_FIELDS = [
  'text',
  'result',
  'plan',
  'toComplainant',
  'toOffice',
  'explanation',
  'note',
  'reason',
] as const;

/** The free texts of an event's payload (replies and notes), in a fixed order. */
export function eventTexts(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of EVENT_TEXT_FIELDS) {
    const v = data[k];
    if (typeof v === 'string' && v.trim()) out.push(v);
  }
  return out;
}

/** Six digits or more, possibly split by spaces or dashes: a phone, an ID number, a bank account. */
const DIGIT_RUN = /(?:\d[\s-]?){5,}\d[\dXx]?/g;

/** The text with what could identify a person taken out (the excluded strings and long digit runs). */
export function indexableText(text: string, exclude: readonly string[] = []): string {
  let out = text;
  for (const e of exclude) {
    const s = e.trim();
    if (s.length >= 2) out = out.split(s).join(' ');
  }
  return out.replace(DIGIT_RUN, ' ');
}

const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

type Weight = 'A' | 'B' | 'C' | 'D';

/**
 * The hotline's own words wherever the text holds them, also across jieba's word boundaries (下水井|盖 holds
 * 井盖): an operator searching a word of the platform finds every text that contains it.
 */
function platformWords(text: string): string[] {
  const compact = text.replace(/\s+/g, '');
  return DOMAIN_WORDS.filter((w) => compact.includes(w));
}

/** A `tsvector` literal of weighted texts; positions run across them, at most 4 per word. */
function vectorLiteral(parts: readonly { text: string; weight: Weight }[]): string {
  const positions = new Map<string, string[]>();
  let pos = 1;
  for (const { text, weight } of parts) {
    for (const t of [...allTerms(text, segment), ...platformWords(text)]) {
      if (t.length > 200) continue;
      const list = positions.get(t) ?? [];
      if (list.length < 4) list.push(`${Math.min(pos, 16383)}${weight}`);
      positions.set(t, list);
      pos++;
    }
  }
  return [...positions].map(([t, ps]) => `${quote(t)}:${ps.join(',')}`).join(' ');
}

/**
 * The `search_vector` literal of a ticket: title (weight A), content (B), replies and notes (C). `exclude` are
 * the complainant's own strings (name, address, ID number, phone), left out wherever the text repeats them.
 */
export function ticketVectorLiteral(
  t: { title: string; content: string; notes?: readonly string[] },
  exclude: readonly string[] = [],
): string {
  return vectorLiteral([
    { text: indexableText(t.title, exclude), weight: 'A' },
    { text: indexableText(t.content, exclude), weight: 'B' },
    ...(t.notes ?? []).map((n) => ({ text: indexableText(n), weight: 'C' as const })),
  ]);
}

/** The words an event adds to its ticket's vector (weight C), or null when it wrote no text. */
export function notesVectorLiteral(data: Record<string, unknown>): string | null {
  const texts = eventTexts(data);
  if (texts.length === 0) return null;
  const lit = vectorLiteral(texts.map((text) => ({ text: indexableText(text), weight: 'C' as const })));
  return lit || null;
}

const LOOKS_LIKE_CODE = /^[A-Za-z]{0,3}[\d\s-]{6,}[A-Za-z\d-]*$/;

export interface TicketQuery {
  /** A `tsquery` literal: every word of the query (AND), a synonym group's key for any of its variants. */
  tsquery: string;
  /** What to mark in a title or snippet: the query's words and the variants of its synonym groups. */
  marks: string[];
}

/**
 * The query's words as a `tsquery` that requires all of them. Words come from jieba's precise mode (each stretch
 * once, as its longest word: 噪音扰民, not 噪音 & 扰民 & 噪音扰民), which the vector's search-mode words contain. A
 * stretch that is a variant of a synonym group (没水, 停水 …) is matched through the group's key, so it finds
 * the other variants too. Null when nothing is left to search for (only punctuation or stop words).
 */
export function ticketQuery(q: string): TicketQuery | null {
  // A code (J20261127000042) or a number is looked up as such, never as words (its letter would match text).
  if (LOOKS_LIKE_CODE.test(q.trim())) return null;
  const text = indexableText(q);
  const compact = text.replace(/\s+/g, '');
  const clauses: string[] = [];
  const marks = new Set<string>();
  const covered: string[] = [];
  for (const g of SYNONYM_GROUPS) {
    const found = g.variants.filter((v) => compact.includes(v));
    if (found.length === 0) continue;
    clauses.push(quote(g.key));
    covered.push(...found);
    for (const v of g.variants) marks.add(v);
  }
  const seen = new Set<string>();
  for (const raw of segmentPrecise(text)) {
    // Precise words through the same filter as the vector (lower case, no stop words or punctuation).
    for (const w of allTerms(raw, (s) => [s])) {
      if (w.startsWith('syn:') || seen.has(w)) continue;
      seen.add(w);
      if (covered.some((v) => v.includes(w))) continue;
      clauses.push(quote(w));
      marks.add(w);
    }
  }
  if (clauses.length === 0) return null;
  return { tsquery: clauses.join(' & '), marks: [...marks].sort((a, b) => b.length - a.length) };
}

export interface Highlighted {
  /** [start, end) character ranges of the title that matched. */
  title: [number, number][];
  /** Up to `width` characters of the content around the first match, and its matched ranges. */
  snippet: string;
  snippetRanges: [number, number][];
}

function ranges(text: string, marks: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  const lower = text.toLowerCase();
  for (const m of marks) {
    if (!m) continue;
    let i = lower.indexOf(m);
    while (i >= 0) {
      out.push([i, i + m.length]);
      i = lower.indexOf(m, i + m.length);
    }
  }
  out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of out) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Where the query's words occur in a ticket's title and content (the list marks them). */
export function highlight(
  t: { title: string; content: string },
  marks: readonly string[],
  width = 80,
): Highlighted {
  const inContent = ranges(t.content, marks);
  const first = inContent[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - Math.floor(width / 4), t.content.length - width));
  const snippet = t.content.slice(start, start + width);
  return {
    title: ranges(t.title, marks),
    snippet,
    snippetRanges: ranges(snippet, marks),
  };
}

/** The distinct words a ticket's title and content are indexed under (as its vector's weights A and B hold). */
export function indexedWords(title: string, content: string): string[] {
  return [...new Set(allTerms(`${indexableText(title)} ${indexableText(content)}`, segment))];
}

/**
 * The similarity keys a ticket is stored with (R2.2, ADR 0010): of the words of its title and content that the
 * duplicate check compares (`contentWords`), scoped to its district and registration time.
 */
export function ticketSimilarityKeys(
  title: string,
  content: string,
  district: string | null,
  at: Date,
): number[] {
  return similarityKeys(contentWords(indexedWords(title, content)), district, at);
}
