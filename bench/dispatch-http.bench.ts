/**
 * Dispatch suggestions over HTTP (issue: p95 ≤ 50 ms): POST /api/v1/suggestions on a real loopback server
 * (the test harness's app: seeded directory and 派单目录, fresh database), for every request of the dispatch
 * development set, `rounds` times; the baseline is an authenticated GET of the district list on the same
 * server and connection path — what HTTP, auth and the framework cost without the engine.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { startTestApp } from '../server/test/harness.js';
import { percentile } from './stats.js';

export async function dispatchHttpBench(devPath: string, rounds = 3) {
  const texts = readFileSync(devPath, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c.length >= 2 && c[1])
    .map((c) => ({ title: c[0] ?? '', content: c[1] ?? '' }));
  const t = await startTestApp();
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const token = (await t.as('operator')).token ?? '';
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const timed = async (f: () => Promise<Response>) => {
      const s = performance.now();
      const res = await f();
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return performance.now() - s;
    };
    const suggest = (x: { title: string; content: string }) =>
      fetch(`${base}/api/v1/suggestions`, { method: 'POST', headers, body: JSON.stringify(x) });
    await timed(() => suggest({ title: '', content: '预热：模型首次加载。' }));
    const engine: number[] = [];
    const baseline: number[] = [];
    for (let r = 0; r < rounds; r++)
      for (const x of texts) {
        engine.push(await timed(() => suggest(x)));
        baseline.push(await timed(() => fetch(`${base}/api/v1/districts`, { headers })));
      }
    engine.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const f = (v: number) => Number(v.toFixed(1));
    return {
      requests: engine.length,
      suggestMs: { p50: f(percentile(engine, 50)), p95: f(percentile(engine, 95)) },
      baselineGetDistrictsMs: { p50: f(percentile(baseline, 50)), p95: f(percentile(baseline, 95)) },
      target: 'p95 ≤ 50 ms',
    };
  } finally {
    await t.close();
  }
}
