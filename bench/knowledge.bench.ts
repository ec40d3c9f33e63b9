/**
 * Knowledge-base search: p50/p95/p99 of the ranked search the operators use (jieba terms and
 * synonyms in a GIN-indexed tsvector, ADR 0009) at N published articles, against a naive ILIKE scan of title and
 * body for the same query words, and against the first version of the search (every word ORed, every match
 * ranked and counted), measured in the same run on the same data. Target: p95 ≤ 50 ms at 20,000.
 * The articles are built from the TipDM sample's real requests (title and text, mixed), so the words are those
 * citizens use.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import type { DatabaseOptions } from '../server/db/client.js';
import { queryRows } from '../server/db/client.js';
import { segment } from '../server/classify/tokenizer.js';
import { queryPlan, searchTerms, tsqueryLiteral, tsvectorLiteral } from '../domain/knowledge/search-terms.js';
import { listArticles } from '../server/knowledge/knowledge.service.js';
import type { Viewer } from '../server/auth/viewer.js';
import { percentile } from './stats.js';

const OPERATOR: Viewer = {
  userId: randomUUID(),
  username: 'bench',
  displayName: 'bench',
  roles: ['office_operator'],
  unitId: null,
  sessionId: 'bench',
  mfaRequired: false,
  passwordChangeRequired: false,
};

export async function knowledgeBench(
  db: DatabaseOptions,
  samplePath: string,
  articles: number,
  queries = 300,
  /** false while iterating: only the ranked search is timed (the final figures keep the baselines). */
  baselines = true,
) {
  const config = { ...loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-bench-')) }), demo: false };
  const keys = JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });
  const { ctx, database } = await createContext(config, systemClock, db, { JIESU_DATA_KEYS: keys });
  try {
    await prepareData(ctx);
    const sample = readFileSync(samplePath, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((c) => c.length >= 4)
      .map((c) => ({ title: c[1] ?? '', body: c[3] ?? '' }));
    const n = sample.length;
    const now = new Date();
    const t0 = performance.now();
    const BATCH = 1_000;
    for (let start = 0; start < articles; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(articles, start + BATCH); i++) {
        const a = sample[i % n] as { title: string; body: string };
        const b = sample[(i * 7 + 3) % n] as { title: string; body: string };
        const title = `${a.title}（${Math.floor(i / n) + 1}）`;
        const body = `# ${a.title}\n\n${a.body}\n\n## 相关情况\n\n${b.body}`;
        rows.push({ id: randomUUID(), title, body, search: tsvectorLiteral(title, body, segment) });
      }
      await ctx.db
        .execute(sql`INSERT INTO knowledge_articles (id, title, body, status, version, created_at, updated_at, search)
        SELECT id, title, body, 'published', 1, ${now.toISOString()}, ${now.toISOString()}, search::tsvector
        FROM unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.title))}::text[],
          ${sql.param(rows.map((r) => r.body))}::text[], ${sql.param(rows.map((r) => r.search))}::text[]) AS s(id, title, body, search)`);
    }
    await ctx.db.execute(sql`ANALYZE knowledge_articles`);
    const loadMs = Math.round(performance.now() - t0);
    console.error(`loaded ${articles} articles in ${loadMs} ms`);

    // Queries as callers put them: the start of a request's title, and a few synonym questions.
    const qs: string[] = [];
    const extra = ['家里暖气不热怎么办', '公积金怎么提取', '晚上施工噪音太大', '小区停水了', '违章建筑谁管'];
    for (let i = 0; i < queries; i++)
      qs.push(
        i % 10 === 0
          ? (extra[(i / 10) % extra.length] as string)
          : (sample[(i * 7) % n]?.title.slice(0, 14) ?? ''),
      );

    const ranked: number[] = [];
    const naive: number[] = [];
    const orAll: number[] = [];
    let hits = 0;
    const slow: { q: string; ms: number }[] = [];
    // CPU time of this process during the ranked searches: with PGlite the database runs in it, so this is a
    // measure the machine's other load does not change (with PostgreSQL it is the client's share only).
    let cpuMicros = 0;
    for (const q of qs) {
      const cpu = process.cpuUsage();
      let s = performance.now();
      const r = await listArticles(ctx, OPERATOR, { q, status: 'published', page: 1, pageSize: 20 });
      const ms = performance.now() - s;
      cpuMicros += process.cpuUsage(cpu).user;
      ranked.push(ms);
      slow.push({ q, ms });
      if (r.total > 0) hits++;
      if (!baselines) continue;
      // The naive way: every query word as a substring of title or body, no index, newest first.
      const words = searchTerms(q, segment).filter((w) => !w.startsWith('syn:'));
      const like = words.length
        ? sql.join(
            words.map((w) => sql`(title ILIKE ${`%${w}%`} OR body ILIKE ${`%${w}%`})`),
            sql` OR `,
          )
        : sql`false`;
      s = performance.now();
      await queryRows(
        ctx.db,
        sql`SELECT id, title, count(*) OVER () AS total FROM knowledge_articles WHERE status = 'published' AND (${like})
            ORDER BY updated_at DESC LIMIT 20`,
      );
      naive.push(performance.now() - s);
      // The first version, kept as a reference: every word ORed, every match ranked, every match counted.
      const or = tsqueryLiteral(q, segment);
      if (or !== null) {
        s = performance.now();
        await Promise.all([
          queryRows(
            ctx.db,
            sql`SELECT id, title FROM knowledge_articles WHERE status = 'published' AND search @@ ${or}::tsquery
                ORDER BY ts_rank(search, ${or}::tsquery) DESC, updated_at DESC, id LIMIT 20`,
          ),
          queryRows(
            ctx.db,
            sql`SELECT count(*) AS n FROM knowledge_articles WHERE status = 'published' AND search @@ ${or}::tsquery`,
          ),
        ]);
        orAll.push(performance.now() - s);
      }
    }
    // The slowest queries, with the level of the plan that answers them (1 = every required word) and how many
    // articles each level matches, to see where the tail comes from.
    slow.sort((a, b) => b.ms - a.ms);
    for (const { q, ms } of slow.slice(0, 8)) {
      const plan = queryPlan(q, segment);
      const matches: number[] = [];
      for (const level of plan?.levels ?? []) {
        const [c] = await queryRows<{ n: number }>(
          ctx.db,
          sql`SELECT count(*)::int AS n FROM knowledge_articles WHERE search @@ ${level}::tsquery`,
        );
        matches.push(Number(c?.n ?? 0));
      }
      const level = matches.findIndex((n) => n > 0) + 1;
      console.error(
        `  slow: ${ms.toFixed(1)} ms  level ${level || '-'} of ${matches.length}  matches per level ${JSON.stringify(matches)}  ${JSON.stringify(q)}`,
      );
    }
    const f = (xs: number[], p: number) =>
      Number(
        percentile(
          [...xs].sort((a, b) => a - b),
          p,
        ).toFixed(2),
      );
    return {
      database: db.kind,
      articles,
      queries: qs.length,
      distinctQueries: new Set(qs).size,
      queriesWithHits: hits,
      loadMs,
      rankedSearchMs: { p50: f(ranked, 50), p95: f(ranked, 95), p99: f(ranked, 99) },
      rankedSearchCpuMsPerQuery: Number((cpuMicros / 1000 / qs.length).toFixed(2)),
      ...(baselines
        ? {
            naiveIlikeMs: { p50: f(naive, 50), p95: f(naive, 95), p99: f(naive, 99) },
            orRankEveryMatchMs: { p50: f(orAll, 50), p95: f(orAll, 95), p99: f(orAll, 99) },
          }
        : { baselines: 'skipped (BENCH_KNOWLEDGE_BASELINES=0): not a final figure' }),
      target: 'ranked search p95 ≤ 50 ms at 20,000 articles',
    };
  } finally {
    await database.close();
  }
}
