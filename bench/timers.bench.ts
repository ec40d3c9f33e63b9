/**
 * Timer benchmark: cost of one sweep tick with 10k and with 1M pending deadlines, and the delay
 * between a deadline and its escalation with the 1-second sweep running.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { queryRows, type DatabaseOptions } from '../server/db/client.js';
import { TimerService } from '../server/timers/timer.service.js';
import { percentile } from './stats.js';

export async function timersBench(dbOptions: DatabaseOptions, sizes: number[]) {
  const config = { ...loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-bench-')) }), demo: false };
  const keys = JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });
  const { ctx, database } = await createContext(config, systemClock, dbOptions, { JIESU_DATA_KEYS: keys });
  await prepareData(ctx);
  const unit = (
    await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM units WHERE code = 'S220204-BJL'`)
  )[0]?.id;
  const timers = new TimerService(ctx, 200);
  const ticks: { pending: number; emptyTickMs: number; tickWith200DueMs: number }[] = [];
  let seeded = 0;
  try {
    for (const size of sizes) {
      // Pending deadlines a year ahead: they are what a sweep must not pay for.
      await seed(size - seeded, `now() + interval '365 days'`);
      seeded = size;
      await ctx.db.execute(sql`ANALYZE ticket_timers`);
      const empty = await timeIt(20, () => timers.sweepOnce());
      await seed(200, `now() - interval '1 minute'`, 'DUE');
      const withDue = await timeIt(1, () => timers.sweepOnce());
      ticks.push({ pending: size, emptyTickMs: empty, tickWith200DueMs: withDue });
    }
    // Escalation delay: 1,000 deadlines spread over the next 10 s, the 1-second sweep running.
    await seed(1000, `now() + (random() * interval '10 seconds')`, 'LAT');
    timers.start(1000);
    await new Promise((r) => setTimeout(r, 13_000));
    await timers.stop();
    const delays = (
      await queryRows<{ ms: number }>(
        ctx.db,
        sql`SELECT extract(epoch FROM (t.fired_at - t.due_at)) * 1000 AS ms FROM ticket_timers t JOIN tickets k ON k.id = t.ticket_id
            WHERE k.code LIKE 'LAT%' AND t.fired_at IS NOT NULL`,
      )
    )
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    return {
      database: database.kind,
      ticks,
      escalation: {
        fired: delays.length,
        p50ms: Math.round(percentile(delays, 50)),
        p99ms: Math.round(percentile(delays, 99)),
      },
    };
  } finally {
    await database.close();
  }

  async function seed(n: number, dueExpr: string, prefix = 'P'): Promise<void> {
    if (n <= 0) return;
    const chunk = 100_000;
    for (let done = 0; done < n; done += chunk) {
      const m = Math.min(chunk, n - done);
      const tag = `${prefix}${randomBytes(3).toString('hex')}`;
      await ctx.db.execute(
        sql.raw(`
        WITH t AS (
          INSERT INTO tickets (code, status, urgency, channel, received_at, registered_at, title, content,
            complainant_name_enc, complainant_phone_enc, complainant_phone_hash, policy_version, lead_unit_id,
            dispatched_at, complete_due_at, updated_at)
          SELECT '${tag}' || g, 'dispatched', 'general', 'hotline_12345', now(), now(), '压测', '压测', 'x', 'x', 'h', 1,
            '${unit}', now(), ${dueExpr}, now()
          FROM generate_series(1, ${m}) g
          RETURNING id, complete_due_at)
        INSERT INTO ticket_timers (ticket_id, kind, due_at) SELECT id, 'overdue', complete_due_at FROM t`),
      );
    }
  }
}

async function timeIt(n: number, f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  return Number(((performance.now() - t0) / n).toFixed(2));
}
