/**
 * The articles an answer at intake cites: each must exist, be published and in force. Checked
 * inside the ticket's transaction (ticket.transition.ts), before the machine decides.
 */
import { and, inArray, sql } from 'drizzle-orm';
import { knowledgeArticles } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Tx } from '../tickets/ticket.repository.js';

export async function checkCitable(tx: Tx, ids: readonly string[], now: Date): Promise<void> {
  const at = now.toISOString();
  const rows = await tx
    .select({ id: knowledgeArticles.id })
    .from(knowledgeArticles)
    .where(
      and(
        inArray(knowledgeArticles.id, [...ids]),
        sql`${knowledgeArticles.status} = 'published'
          AND (${knowledgeArticles.effectiveFrom} IS NULL OR ${knowledgeArticles.effectiveFrom} <= ${at})
          AND (${knowledgeArticles.effectiveTo} IS NULL OR ${knowledgeArticles.effectiveTo} > ${at})`,
      ),
    );
  if (rows.length !== new Set(ids).size)
    throw new AppError('KNOWLEDGE.NOT_PUBLISHED', '只能引用已发布且在有效期内的知识库文章。', {
      fields: [{ field: 'articleIds', message: '只能引用已发布且在有效期内的知识库文章' }],
    });
}
