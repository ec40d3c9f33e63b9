/**
 * Does the time of the answer tell that another unit's ticket exists (R9.1)? Another unit's handler asks for
 * tickets it may not see (answered 404) and for random ids (404 too), interleaved, through the real HTTP
 * stack (Fastify inject) on PGlite in memory; prints median and p95 of both and the gap between them.
 */
import { randomUUID } from 'node:crypto';
import { startTestApp, ticketBody } from '../server/test/harness.js';
import { percentile } from './stats.js';

export async function accessTimingBench(rounds = 400, tickets = 20) {
  const t = await startTestApp();
  try {
    const operator = await t.as('operator');
    const other = await t.as('s220202-ya.handler');
    const ids: string[] = [];
    for (let i = 0; i < tickets; i++) {
      const id = ((await operator.post('/api/v1/tickets', ticketBody())).json() as { id: string }).id;
      await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('S220204-BJL') });
      ids.push(id);
    }
    const time = async (id: string) => {
      const t0 = performance.now();
      const res = await other.get(`/api/v1/tickets/${id}`);
      const ms = performance.now() - t0;
      if (res.statusCode !== 404) throw new Error(`expected 404, got ${res.statusCode}`);
      return ms;
    };
    for (let i = 0; i < 50; i++) {
      await time(ids[i % ids.length] as string);
      await time(randomUUID());
    }
    const denied: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither profits from a warm cache or a quiet moment.
      if (i % 2) {
        denied.push(await time(ids[i % ids.length] as string));
        missing.push(await time(randomUUID()));
      } else {
        missing.push(await time(randomUUID()));
        denied.push(await time(ids[i % ids.length] as string));
      }
    }
    const fig = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { median: Number(percentile(s, 50).toFixed(2)), p95: Number(percentile(s, 95).toFixed(2)) };
    };
    const d = fig(denied);
    const m = fig(missing);
    return {
      rounds,
      deniedMs: d,
      missingMs: m,
      gapMedianMs: Number((d.median - m.median).toFixed(2)),
      gapP95Ms: Number((d.p95 - m.p95).toFixed(2)),
    };
  } finally {
    await t.close();
  }
}
