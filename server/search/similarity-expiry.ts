/**
 * Clearing the duplicate check's similarity keys once they can no longer be looked up (ADR 0010): keys are scoped
 * to a 7-day period and looked up for the current and the previous one, so the index needs about two weeks of
 * requests, not the whole history. Runs in the background every hour, in batches; it looks back `LOOK_BACK_DAYS`
 * before the expiry line, so a platform stopped for longer leaves older keys in place (space, never wrong hints).
 */
import type { AppContext } from '../context.js';
import { PeriodicJob } from '../periodic.js';
import { clearSimilarityKeys } from '../tickets/ticket.repository.js';
import { keysExpireBefore } from '../../domain/dispatch/similarity-keys.js';

const LOOK_BACK_DAYS = 30;
const BATCH = 5_000;

export async function expireSimilarityKeys(ctx: AppContext): Promise<number> {
  const before = keysExpireBefore(ctx.clock.now());
  const since = new Date(before.getTime() - LOOK_BACK_DAYS * 86_400_000);
  let cleared = 0;
  for (;;) {
    const n = await clearSimilarityKeys(ctx.db, since, before, BATCH);
    cleared += n;
    if (n < BATCH) return cleared;
  }
}

export function similarityExpiryJob(ctx: AppContext): PeriodicJob<number> {
  return new PeriodicJob(() => expireSimilarityKeys(ctx), '相似键清理失败：');
}
