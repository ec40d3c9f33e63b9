/**
 * Ticket search re-index, for operators (ADR 0010):
 *   npm run search:reindex [-- --batch 1000] [--all]
 * writes the search vector of every ticket that has none (after the migration that added it), in batches, on a
 * live database, printing progress; `--all` rewrites every ticket's (after the segmentation or synonyms changed).
 * Safe to stop and run again.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { systemClock } from '../clock.js';
import { reindexTickets } from './reindex.js';

const { values } = parseArgs({
  options: { batch: { type: 'string' }, all: { type: 'boolean' } },
});
const batchSize = values.batch ? Number(values.batch) : 1_000;
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) {
  console.error('用法：npm run search:reindex -- [--batch 1..50000] [--all]');
  process.exit(2);
}
const config = loadConfig();
const { createContext } = await import('../bootstrap.js');
const { ctx, database } = await createContext(config, systemClock);
const started = Date.now();
try {
  const result = await reindexTickets(ctx, {
    batchSize,
    all: values.all ?? false,
    onProgress: (p) => {
      const secs = (Date.now() - started) / 1000;
      const pct = p.total ? ` (${Math.min(100, Math.floor((p.done / p.total) * 100))}%)` : '';
      console.log(
        `已索引 ${p.done}${p.total !== null ? ` / ${p.total}` : ''}${pct}，${Math.round(p.done / Math.max(secs, 0.001))} 件/秒`,
      );
    },
  });
  console.log(
    `完成：${result.done} 件工单，${result.batches} 批，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`,
  );
} finally {
  await database.close();
}
