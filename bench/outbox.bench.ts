/**
 * Outbox benchmark: deliveries per second through the outbox worker (claim with SKIP LOCKED, sign, POST, record
 * the attempt) to a partner on loopback, against the baseline of the same POSTs sent straight with fetch at the
 * same concurrency; and the cost of one claim with 100,000 delivered rows in the table vs an empty one.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import type { DatabaseOptions } from '../server/db/client.js';
import { webhookSubscriptions } from '../server/db/schema.js';
import { OutboxWorker } from '../server/integrations/outbox.worker.js';
import { claimDue } from '../server/integrations/outbox.repository.js';
import { sign } from '../server/integrations/signature.js';

export async function outboxBench(dbOptions: DatabaseOptions, n: number) {
  const config = { ...loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-bench-')) }), demo: false };
  const keys = JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });
  const { ctx, database } = await createContext(config, systemClock, dbOptions, { JIESU_DATA_KEYS: keys });
  await prepareData(ctx);
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const secret = 'bench-secret-0123456789abcdef';
  try {
    const [sub] = await ctx.db
      .insert(webhookSubscriptions)
      .values({
        name: 'bench',
        url,
        secretEnc: ctx.cipher.encrypt('integration.secret', secret),
        eventTypes: ['register'],
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning();
    const enqueue = async (count: number) => {
      const now = new Date();
      await ctx.db.execute(sql`
        INSERT INTO outbox_deliveries (id, target_kind, target_id, ticket_id, event_type, payload, next_at, created_at)
        SELECT gen_random_uuid(), 'webhook', ${sub!.id}::uuid, gen_random_uuid(), 'register',
          jsonb_build_object('event', 'register', 'n', g), ${now}, ${now}
        FROM generate_series(1, ${count}) g`);
    };
    await enqueue(n);
    const worker = new OutboxWorker(ctx, { batchSize: 50 });
    const t0 = performance.now();
    await worker.drain();
    const outboxMs = performance.now() - t0;

    // Baseline: the same number of signed POSTs, 50 at a time, no database.
    const body = JSON.stringify({ event: 'register', n: 1 });
    const t1 = performance.now();
    for (let i = 0; i < n; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, async () => {
          const ts = String(Math.floor(Date.now() / 1000));
          const res = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-jiesu-timestamp': ts,
              'x-jiesu-signature': sign(secret, ts, body),
            },
            body,
          });
          await res.arrayBuffer();
        }),
      );
    }
    const rawMs = performance.now() - t1;

    // The claim's cost: empty queue vs 100,000 delivered rows beside 50 due.
    const claimMs = async () => {
      const s = performance.now();
      await ctx.db
        .transaction(async (tx) => {
          await claimDue(tx, new Date(), new Date(Date.now() + 60_000), 50);
          tx.rollback();
        })
        .catch(() => undefined);
      return performance.now() - s;
    };
    const median = async (k: number) => {
      const xs: number[] = [];
      for (let i = 0; i < k; i++) xs.push(await claimMs());
      return Number(xs.sort((a, b) => a - b)[Math.floor(k / 2)]!.toFixed(2));
    };
    const emptyClaim = await median(20);
    await enqueue(100_000);
    await ctx.db.execute(sql`UPDATE outbox_deliveries SET status = 'delivered' WHERE status = 'pending'`);
    await enqueue(50);
    // Steady state: autovacuum has cleared the index entries of rows that left the queue.
    await ctx.db.execute(sql`VACUUM ANALYZE outbox_deliveries`);
    const bigClaim = await median(20);
    return {
      database: database.kind,
      deliveries: n,
      received,
      outbox: { perSecond: Math.round((n / outboxMs) * 1000), ms: Math.round(outboxMs) },
      baselineRawFetch: { perSecond: Math.round((n / rawMs) * 1000), ms: Math.round(rawMs) },
      claimMedianMs: { emptyTable: emptyClaim, with100kDelivered: bigClaim },
    };
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await database.close();
  }
}
