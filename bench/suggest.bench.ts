/**
 * Suggestion latency (under 50 ms per ticket): the whole suggestion (tokenise, category model,
 * unit model, responsibility rules) against the bare category prediction as the baseline, on real messages.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { tokenize } from '../server/classify/tokenizer.js';
import { predict, type ClassifierModel } from '../domain/classify/text-classifier.js';
import { percentile } from './stats.js';

export async function suggestBench(samplePath: string) {
  const config = { ...loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-bench-')) }), demo: false };
  const keys = JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });
  const { ctx, database } = await createContext(
    config,
    systemClock,
    { kind: 'pglite-memory' },
    { JIESU_DATA_KEYS: keys },
  );
  try {
    await prepareData(ctx);
    const t0 = performance.now();
    await ctx.suggestions.train();
    const trainMs = Math.round(performance.now() - t0);
    const texts = readFileSync(samplePath, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((c) => c.length >= 4)
      .map((c) => ({ title: c[1] ?? '', content: c[3] ?? '' }));
    const model = (ctx.suggestions as unknown as { models: { category: ClassifierModel } }).models.category;
    const full: number[] = [];
    const bare: number[] = [];
    for (const [i, x] of texts.entries()) {
      let s = performance.now();
      await ctx.suggestions.suggest({ ...x, categoryCode: null, locationDistrict: i % 2 ? '220204' : null });
      full.push(performance.now() - s);
      s = performance.now();
      predict(model, tokenize(x.content, x.title), 3);
      bare.push(performance.now() - s);
    }
    full.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    const f = (v: number) => Number(v.toFixed(2));
    return {
      tickets: texts.length,
      trainMs,
      suggestMs: { p50: f(percentile(full, 50)), p99: f(percentile(full, 99)) },
      baselinePredictMs: { p50: f(percentile(bare, 50)), p99: f(percentile(bare, 99)) },
      target: 'p99 < 50 ms',
    };
  } finally {
    await database.close();
  }
}
