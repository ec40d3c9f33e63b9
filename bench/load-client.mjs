// Load generator, run in a worker thread so it does not share the server's event loop:
// `concurrency` keep-alive connections each send registrations back to back until `total` have been sent.
// Plain JavaScript (worker threads do not inherit tsx's loader on Node 20) on node:http, which costs far
// less CPU per request than fetch — the client shares this 2-core machine with the server and PostgreSQL.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const job = workerData;
const url = new URL(job.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const latencies = [];
let next = 0;
let errors = 0;

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${job.token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

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
    const status = await post(body);
    latencies.push(performance.now() - t0);
    if (status !== 201) errors++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: job.concurrency }, () => client()));
agent.destroy();
parentPort?.postMessage({ latencies, errors, ms: performance.now() - started });
