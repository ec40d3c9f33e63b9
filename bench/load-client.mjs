// Load generator, run in a worker thread so it does not share the server's event loop:
// `concurrency` clients each send registrations back to back until `total` have been sent.
// Plain JavaScript: worker threads do not inherit tsx's loader on Node 20.
import { parentPort, workerData } from 'node:worker_threads';

const job = workerData;
const latencies = [];
let next = 0;
let errors = 0;

async function client() {
  while (next < job.total) {
    const i = next++;
    const body = JSON.stringify({
      channel: 'hotline_12345',
      channelRef: `${job.runId}-${i}`,
      content: `压测工单 ${i}：小区路灯不亮，晚上出行不便，请尽快维修。`,
      complainant: {
        name: '测试用户',
        phone: `139${String(i % 100_000_000).padStart(8, '0')}`,
        address: '吉林市船营区北京路街道测试小区',
      },
      location: { district: '220204' },
    });
    const t0 = performance.now();
    const res = await fetch(job.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
      body,
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (res.status !== 201) errors++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: job.concurrency }, () => client()));
parentPort?.postMessage({ latencies, errors, ms: performance.now() - started });
