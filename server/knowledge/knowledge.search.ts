/**
 * Knowledge-base search (ADR 0009): the jieba-segmented words of an article and the synonym groups
 * it belongs to, stored as explicit lexemes in a `tsvector` with a GIN index, matched with an OR `tsquery` and
 * ranked with `ts_rank` (title words weigh more). No text-search parser or locale is involved, so PGlite and
 * PostgreSQL give the same results.
 */
import { sql, type SQL } from 'drizzle-orm';
import { segment } from '../classify/tokenizer.js';
import { tsqueryLiteral, tsvectorLiteral } from '../../domain/knowledge/search-terms.js';

/** The `search` column's value for an article. */
export function searchVector(title: string, body: string): SQL {
  return sql`${tsvectorLiteral(title, body, segment)}::tsvector`;
}

/** The query as a tsquery, or null when it has no search terms (only punctuation or function words). */
export function searchQuery(q: string): SQL | null {
  const lit = tsqueryLiteral(q, segment);
  return lit === null ? null : sql`${lit}::tsquery`;
}
