/**
 * Re-indexing tickets for search (ADR 0010): writes the search vector and the duplicate check's similarity keys
 * of tickets that have none — those registered before the columns existed — or of every ticket (`all`, after the segmentation or the synonym table
 * changed). In batches along the primary key, each batch one short statement of its own, so it runs on a live
 * database beside the registrations and actions (which keep their own tickets' vectors current); progress is
 * reported after every batch, and a run that stops is continued by the next (done rows have their vector).
 */
import type { AppContext } from '../context.js';
import { searchSources, setSearchVectors, unindexedCount } from '../tickets/ticket.repository.js';
import { keysExpireBefore } from '../../domain/dispatch/similarity-keys.js';
import { eventTexts, ticketSimilarityKeys, ticketVectorLiteral } from './segment.js';

export interface ReindexProgress {
  done: number;
  /** Tickets without a vector when the run started (all tickets for `all`: unknown, null). */
  total: number | null;
  batches: number;
}

export interface ReindexOptions {
  batchSize?: number;
  all?: boolean;
  onProgress?: (p: ReindexProgress) => void | Promise<void>;
}

export async function reindexTickets(ctx: AppContext, o: ReindexOptions = {}): Promise<ReindexProgress> {
  const batchSize = o.batchSize ?? 1_000;
  const all = o.all ?? false;
  const progress: ReindexProgress = { done: 0, total: all ? null : await unindexedCount(ctx.db), batches: 0 };
  const open = (field: string, value: string | null) => {
    if (!value) return '';
    try {
      return ctx.cipher.decrypt(field, value);
    } catch {
      return '';
    }
  };
  let after: string | null = null;
  let skipped = 0;
  const expired = keysExpireBefore(ctx.clock.now());
  for (;;) {
    const batch = await searchSources(ctx.db, after, batchSize, all);
    if (batch.length === 0) {
      // Tickets that changed between reading and writing are read again, once the pass is over.
      if (skipped === 0 || all) break;
      skipped = 0;
      after = null;
      continue;
    }
    // The complainant's own strings are left out of the words wherever the text repeats them (R9.1).
    const vectors = batch.map((t) => ({
      id: t.id,
      lastEventId: t.lastEventId,
      // Keys only where a duplicate check can still look them up (older ones would be cleared at once).
      keys:
        t.registeredAt >= expired
          ? ticketSimilarityKeys(t.title, t.content, t.locationDistrict, t.registeredAt)
          : [],
      vector: ticketVectorLiteral(
        { title: t.title, content: t.content, notes: t.eventData.flatMap((d) => eventTexts(d)) },
        [
          open('complainant.name', t.complainantNameEnc),
          open('complainant.phone', t.complainantPhoneEnc),
          open('complainant.idNumber', t.complainantIdNumberEnc),
          open('complainant.address', t.complainantAddressEnc),
        ],
      ),
    }));
    const missed = await setSearchVectors(ctx.db, vectors);
    skipped += missed;
    after = batch.at(-1)?.id ?? null;
    progress.done += batch.length - missed;
    progress.batches++;
    await o.onProgress?.({ ...progress });
  }
  return progress;
}
