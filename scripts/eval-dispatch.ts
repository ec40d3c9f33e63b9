/**
 * Figures for dispatch suggestions (R4.2): on a labelled TSV, over real HTTP on loopback against an app built
 * in-process (the test harness: fresh database, the directory and 派单目录 seeded, no history — the first day),
 * the engine's top-1 (expected or acceptable), strict top-1, top-3, urgency and district accuracy and latency
 * p50/p95 — and, in the same run, a rules-only baseline: the 派单目录's unit for the category model's
 * predicted categories in the district found (no keyword catalogue, no 属地 street, no history).
 *
 *   npm run eval:dispatch [data/dispatch-dev/dev.tsv]
 *
 * Columns (header required; see data/dispatch-dev/README.md): title, content, expected_unit (a unit code),
 * acceptable_units (unit codes separated by `;`, may be empty), urgency (general|urgent), district_code
 * (empty when the text names none). Lines starting with `#` are skipped.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { startTestApp } from '../server/test/harness.js';

interface Row {
  title: string;
  content: string;
  expected: string;
  acceptable: string[];
  urgency: string;
  district: string | null;
}

function read(path: string): Row[] {
  const [header = '', ...lines] = readFileSync(path, 'utf8').split(/\r?\n/);
  const cols = header.split('\t');
  const at = (n: string) => {
    const i = cols.indexOf(n);
    if (i < 0) throw new Error(`${path}: no column "${n}"`);
    return i;
  };
  const [ti, ci, ei, ai, ui, di] = [
    'title',
    'content',
    'expected_unit',
    'acceptable_units',
    'urgency',
    'district_code',
  ].map(at) as [number, number, number, number, number, number];
  return lines
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map((c) => ({
      title: c[ti] ?? '',
      content: c[ci] ?? '',
      expected: (c[ei] ?? '').trim(),
      acceptable: (c[ai] ?? '')
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean),
      urgency: (c[ui] ?? '').trim(),
      district: (c[di] ?? '').trim() || null,
    }));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

const path = process.argv[2] ?? 'data/dispatch-dev/dev.tsv';
const rows = read(path);
const t = await startTestApp();
try {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const operator = await t.as('operator');
  const ask = async (body: object) => {
    const res = await fetch(`${base}/api/v1/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator.token ?? ''}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return res.json() as Promise<{
      units: { unitId: string; code: string }[];
      urgency: { suggested: string };
      place: { districtCode: string | null };
    }>;
  };
  const codeOf = new Map([...t.units].map(([code, id]) => [id, code]));
  await ask({ content: '预热：模型首次加载。' });
  const n = rows.length;
  const engine = { top1: 0, strict: 0, top3: 0, urgency: 0, district: 0 };
  const baseline = { top1: 0, strict: 0, top3: 0 };
  const ms: number[] = [];
  const misses: string[] = [];
  for (const r of rows) {
    const started = performance.now();
    const s = await ask({ title: r.title, content: r.content });
    ms.push(performance.now() - started);
    const ok = new Set([r.expected, ...r.acceptable]);
    const codes = s.units.map((u) => u.code);
    if (ok.has(codes[0] ?? '')) engine.top1++;
    else misses.push(`${r.content.slice(0, 30)} → ${codes.join(',')} (want ${r.expected})`);
    if (codes[0] === r.expected) engine.strict++;
    if (codes.slice(0, 3).some((c) => ok.has(c))) engine.top3++;
    if (s.urgency.suggested === r.urgency) engine.urgency++;
    if (s.place.districtCode === r.district) engine.district++;
    const bcodes = (await t.ctx.suggestions.rulesOnly(r)).map((id) => codeOf.get(id) ?? id);
    if (ok.has(bcodes[0] ?? '')) baseline.top1++;
    if (bcodes[0] === r.expected) baseline.strict++;
    if (bcodes.slice(0, 3).some((c) => ok.has(c))) baseline.top3++;
  }
  const f = (x: number) => Math.round((x / n) * 1000) / 1000;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify(
      {
        file: path,
        requests: n,
        engine: {
          top1: f(engine.top1),
          strictTop1: f(engine.strict),
          top3: f(engine.top3),
          urgency: f(engine.urgency),
          district: f(engine.district),
          latencyMsOverHttp: { p50: r1(pct(ms, 50)), p95: r1(pct(ms, 95)) },
        },
        rulesOnlyBaseline: { top1: f(baseline.top1), strictTop1: f(baseline.strict), top3: f(baseline.top3) },
        misses,
      },
      null,
      2,
    ),
  );
} finally {
  await t.close();
}
