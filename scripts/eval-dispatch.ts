/**
 * Figures for dispatch suggestions (R4.2): on a labelled TSV, over HTTP against an app built in-process
 * (the test harness: fresh database, the directory seeded, no history), the engine's top-1 (expected or
 * acceptable), strict top-1, top-3, urgency and district accuracy and latency p50/p95 — and, in the same run,
 * a rules-only baseline: the first unit the 派单目录 gives for the predicted category.
 *
 *   tsx scripts/eval-dispatch.ts [data/dispatch-dev/dev.tsv]
 *
 * Columns (header required): title, content, expected_unit (a unit code), acceptable_units (unit codes
 * separated by `;`, may be empty), urgency (general|urgent), district_code (empty when the text names none).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
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
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

const path = process.argv[2] ?? 'data/dispatch-dev/dev.tsv';
const rows = read(path);
const t = await startTestApp();
try {
  const codeOf = new Map([...t.units].map(([code, id]) => [id, code]));
  const operator = await t.as('operator');
  await operator.post('/api/v1/suggestions', { content: '预热：模型首次加载。' });
  const n = rows.length;
  const engine = { top1: 0, strict: 0, top3: 0, urgency: 0, district: 0 };
  const baseline = { top1: 0, strict: 0, top3: 0 };
  const ms: number[] = [];
  const misses: string[] = [];
  for (const r of rows) {
    const started = performance.now();
    const res = await operator.post('/api/v1/suggestions', { title: r.title, content: r.content });
    ms.push(performance.now() - started);
    const s = res.json() as {
      units: { unitId: string; reasons: string[] }[];
      urgency: { suggested: string };
      place?: { districtCode: string | null };
    };
    const ok = new Set([r.expected, ...r.acceptable]);
    const codes = s.units.map((u) => codeOf.get(u.unitId) ?? u.unitId);
    if (ok.has(codes[0] ?? '')) engine.top1++;
    else misses.push(`${r.content.slice(0, 30)} → ${codes.join(',')} (want ${r.expected})`);
    if (codes[0] === r.expected) engine.strict++;
    if (codes.some((c) => ok.has(c))) engine.top3++;
    if (s.urgency.suggested === r.urgency) engine.urgency++;
    if ((s.place?.districtCode ?? null) === r.district) engine.district++;
    const ruled = s.units.filter((u) => u.reasons.some((x) => x.startsWith('派单目录')));
    const bcodes = ruled.map((u) => codeOf.get(u.unitId) ?? u.unitId);
    if (ok.has(bcodes[0] ?? '')) baseline.top1++;
    if (bcodes[0] === r.expected) baseline.strict++;
    if (bcodes.some((c) => ok.has(c))) baseline.top3++;
  }
  const f = (x: number) => Math.round((x / n) * 1000) / 1000;
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
          latencyMs: { p50: Math.round(pct(ms, 50) * 10) / 10, p95: Math.round(pct(ms, 95) * 10) / 10 },
        },
        rulesOnlyBaseline: { top1: f(baseline.top1), strictTop1: f(baseline.strict), top3: f(baseline.top3) },
        misses: misses.slice(0, 20),
      },
      null,
      2,
    ),
  );
} finally {
  await t.close();
}
