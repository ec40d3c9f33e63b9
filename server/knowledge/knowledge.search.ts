/**
 * Knowledge-base search (ADR 0009): the jieba-segmented words of an article and the synonym groups
 * it belongs to, stored as explicit lexemes in a `tsvector` with a GIN index, matched with every required word
 * (falling back to most of them, then any) and ranked with `ts_rank` (title words weigh more). No text-search parser or locale is involved, so PGlite and
 * PostgreSQL give the same results.
 */
import { sql, type SQL } from 'drizzle-orm';
import { segment } from '../classify/tokenizer.js';
import { queryPlan, tsvectorLiteral } from '../../domain/knowledge/search-terms.js';

/** The `search` column's value for an article. */
export function searchVector(title: string, body: string): SQL {
  return sql`${tsvectorLiteral(title, body, segment)}::tsvector`;
}

/**
 * The query's match levels, strictest first (in the nested form the index evaluates faster), and its ranking
 * query (domain/knowledge/search-terms.ts).
 */
export function searchPlan(q: string): { rank: SQL; levels: SQL[] } | null {
  const plan = queryPlan(q, segment);
  return plan === null
    ? null
    : { rank: sql`${plan.rank}::tsquery`, levels: plan.match.map((l) => sql`${l}::tsquery`) };
}
