/**
 * Partners' doors (docs/integrations.md), on PGlite in memory through the real HTTP stack:
 * - the API-key gate: an Open311 read of one request (key checked, use audited) vs the operator's session read of
 *   the same ticket (the baseline), interleaved — median and p95 of both;
 * - the screen pop: from the phone system's POST /api/v1/cti/calls to the `event: call` on the agent's open stream
 *   (a real socket), vs the POST's own answer time (the baseline).
 */
import type { AddressInfo } from 'node:net';
import { startTestApp, ticketBody } from '../server/test/harness.js';
import { percentile } from './stats.js';

const fig = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: Number(percentile(s, 50).toFixed(2)), p95: Number(percentile(s, 95).toFixed(2)) };
};

export async function open311Bench(rounds = 300, calls = 40) {
  const t = await startTestApp();
  try {
    const admin = await t.as('admin');
    const operator = await t.as('operator');
    const issue = async (channel: string, operations: string[]) =>
      (
        (
          await admin.post('/api/v1/api-keys', {
            name: `bench ${channel}`,
            channel,
            operations,
            ratePerMinute: 10_000,
          })
        ).json() as { secret: string }
      ).secret;
    const readKey = await issue('hotline_12345', ['open311.read']);
    const ctiKey = await issue('hotline_12345', ['cti.calls']);
    const ticket = (await operator.post('/api/v1/tickets', ticketBody())).json() as {
      id: string;
      code: string;
    };

    const viaKey = async () => {
      const t0 = performance.now();
      const res = await t.app.inject({
        method: 'GET',
        url: `/open311/v2/requests/${ticket.code}.json`,
        headers: { 'x-api-key': readKey },
      });
      if (res.statusCode !== 200) throw new Error(`open311 ${res.statusCode} ${res.body}`);
      return performance.now() - t0;
    };
    const viaSession = async () => {
      const t0 = performance.now();
      const res = await operator.get(`/api/v1/tickets/${ticket.id}`);
      if (res.statusCode !== 200) throw new Error(`session ${res.statusCode}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 30; i++) await Promise.all([viaKey(), viaSession()]);
    const keyed: number[] = [];
    const session: number[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2) {
        keyed.push(await viaKey());
        session.push(await viaSession());
      } else {
        session.push(await viaSession());
        keyed.push(await viaKey());
      }
    }

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${operator.token}` },
      signal: controller.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const waiting = new Map<string, (at: number) => void>();
    let buffer = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let m: RegExpExecArray | null;
        while ((m = /event: call\ndata: (.*)\n\n/.exec(buffer))) {
          buffer = buffer.slice(m.index + m[0].length);
          const id = (JSON.parse(m[1] as string) as { callId: string }).callId;
          waiting.get(id)?.(performance.now());
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const popMs: number[] = [];
    const postMs: number[] = [];
    for (let i = 0; i < calls; i++) {
      const callId = `BENCH-${i}`;
      const heard = new Promise<number>((r) => waiting.set(callId, r));
      const t0 = performance.now();
      const answer = await fetch(`${base}/api/v1/cti/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': ctiKey },
        body: JSON.stringify({ callerNumber: '13700001111', callId, agent: 'operator' }),
      });
      postMs.push(performance.now() - t0);
      if (answer.status !== 202) throw new Error(`cti ${answer.status}`);
      popMs.push((await heard) - t0);
    }
    controller.abort();
    return {
      rounds,
      open311ReadWithKeyMs: fig(keyed),
      sessionReadBaselineMs: fig(session),
      calls,
      callToPopMs: fig(popMs),
      callPostAnswerBaselineMs: fig(postMs),
    };
  } finally {
    await t.close();
  }
}
