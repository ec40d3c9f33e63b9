/**
 * Ticket search at scale (ADR 0010): generates (or reuses) N tickets (default 10,000,000) in a dedicated
 * PostgreSQL database, then prints p50/p95 of the searches operators make — a two-character word, a phrase, a
 * code, a phone, a unit's inbox page, the duplicate check — and, in the same run on the same data, the
 * `ILIKE '%…%'` list query (page and total) the search replaces; plus the index sizes and build times.
 *
 * Bench data, not application data: the tickets are generated set-based (INSERT … SELECT over generate_series)
 * from the TipDM sample's 286 real requests — the title and content (first 200 characters) of one request and,
 * as a last sentence, the title of another (286² texts) — with the search vector precomputed per sample by the
 * application's own segmentation (server/search/segment.ts) and concatenated in SQL. Registration spreads evenly
 * over the 365 days before generation; older than 20 days is archived, newer ones are in every open state;
 * phones come from a pool of 1,000,000 numbers (about 10 tickets each); the handling unit is linked as lead.
 * Events are not generated (no search reads them). The secondary indexes are dropped while loading and built
 * afterwards, one at a time, timed.
 *
 *   npm run bench search                        10,000,000 tickets in jiesu_bench_search (reused if present)
 *   npm run bench search -- --tickets 1000000   a laptop's scale, in jiesu_bench_search_1000000
 *   BENCH_SEARCH_DB=postgres://… to choose the server (default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { queryRows, type Db } from '../server/db/client.js';
import type { AppContext } from '../server/context.js';
import type { Viewer } from '../server/auth/viewer.js';
import { indexedWords, ticketVectorLiteral } from '../server/search/segment.js';
import { contentWords } from '../domain/dispatch/duplicates.js';
import {
  bandHashes,
  keysExpireBefore,
  minHashes,
  PERIOD_MS,
  periodOf,
  scopeHash,
} from '../domain/dispatch/similarity-keys.js';
import { listTickets } from '../server/tickets/ticket.service.js';
import { findDuplicates } from '../server/tickets/duplicates.service.js';
import { percentile } from './stats.js';

const CHUNK = 500_000;
const PHONES = 1_000_000;
const DAY = 86_400_000;

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

/** Fixed bench keys, so that a reused database's phone hashes match the next run's. */
function benchKeys() {
  const k = (s: string) => createHash('sha256').update(`jiesu-bench-search:${s}`).digest('base64');
  return JSON.stringify({ active: 'k1', keys: { k1: k('data') }, hashKey: k('hash') });
}

const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;

function sample(): { title: string; content: string }[] {
  const path = fileURLToPath(new URL('../data/tipdm-2020-sample/train.tsv', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c.length >= 4 && c[1] && c[3])
    .map((c) => ({ title: (c[1] as string).trim(), content: (c[3] as string).trim().slice(0, 200) }));
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const log = (msg: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${msg}`);

async function count(db: Db, q: string): Promise<number> {
  const [r] = await queryRows<{ n: string }>(db, sql.raw(q));
  return Number(r?.n ?? 0);
}

/** Loads tickets g in [have, n) in chunks; the secondary indexes are dropped first and rebuilt (timed) after. */
async function generate(ctx: AppContext, n: number) {
  const db = ctx.db;
  await db.execute(sql`CREATE TABLE IF NOT EXISTS bench_meta (k text PRIMARY KEY, v text NOT NULL)`);
  const [meta] = await queryRows<{ v: string }>(db, sql`SELECT v FROM bench_meta WHERE k = 'epoch'`);
  const epoch = meta ? new Date(meta.v) : new Date(Math.floor(Date.now() / DAY) * DAY);
  if (!meta)
    await db.execute(
      sql`INSERT INTO bench_meta VALUES ('epoch', ${epoch.toISOString()}), ('n', ${String(n)})`,
    );
  const have = await count(db, `SELECT count(*) AS n FROM tickets`);
  if (have >= n) return { generatedMs: 0, indexes: [] as { name: string; ms: number }[] };
  const t0 = performance.now();

  // Samples with their precomputed vectors: the whole request (A/B), and another's title as a last sentence (B).
  const s = sample();
  await db.execute(sql`DROP TABLE IF EXISTS bench_samples`);
  await db.execute(
    sql`CREATE UNLOGGED TABLE bench_samples (i int PRIMARY KEY, title text, content text, vec tsvector, tail text, tail_vec tsvector)`,
  );
  const rows = s.map((x, i) => ({
    i,
    title: x.title,
    content: x.content,
    vec: ticketVectorLiteral({ title: x.title, content: x.content }),
    tail: `。另：${x.title}`,
    tailVec: ticketVectorLiteral({ title: '', content: x.title }),
  }));
  await db.execute(sql`INSERT INTO bench_samples
    SELECT * FROM unnest(${sql.param(rows.map((r) => r.i))}::int[], ${sql.param(rows.map((r) => r.title))}::text[],
      ${sql.param(rows.map((r) => r.content))}::text[], ${sql.param(rows.map((r) => r.vec))}::tsvector[],
      ${sql.param(rows.map((r) => r.tail))}::text[], ${sql.param(rows.map((r) => r.tailVec))}::tsvector[])`);
  // The phone pool's keyed hashes (the app's own cipher, so a phone typed in the box finds them).
  const [pc] = await queryRows<{ n: string }>(
    db,
    sql`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'bench_phones'`,
  );
  if (Number(pc?.n) === 0) {
    await db.execute(sql`CREATE UNLOGGED TABLE bench_phones (i int PRIMARY KEY, hash text NOT NULL)`);
    for (let start = 0; start < PHONES; start += 50_000) {
      const ids = Array.from({ length: 50_000 }, (_, k) => start + k);
      await db.execute(sql`INSERT INTO bench_phones SELECT * FROM unnest(${sql.param(ids)}::int[],
        ${sql.param(ids.map((i) => ctx.cipher.phoneHash(phoneOf(i))))}::text[])`);
    }
  }
  // Similarity keys (domain/dispatch/similarity-keys.ts): the minimum hashes of a text's words are the
  // element-wise minimum of its parts', so each pair of samples' band hashes is computed here (286² pairs) and
  // SQL only scopes them to the ticket's district and week, with the scope hashes computed here as well. As in
  // the running platform, only the requests a check can still look up hold keys (server/search/similarity-expiry.ts).
  const words = s.map((x) => ({
    whole: minHashes(contentWords(indexedWords(x.title, x.content))),
    tail: minHashes(contentWords(indexedWords('', x.title))),
  }));
  await db.execute(sql`DROP TABLE IF EXISTS bench_pairs`);
  await db.execute(sql`CREATE UNLOGGED TABLE bench_pairs (a int, b int, bands int[], PRIMARY KEY (a, b))`);
  for (let a = 0; a < s.length; a++) {
    const wa = words[a]?.whole;
    const lits = s.map((_, b) => {
      const wb = words[b]?.tail;
      const mins = wa && wb ? wa.map((h, j) => Math.min(h, wb[j] as number)) : (wa ?? wb);
      return mins
        ? `{${bandHashes(mins)
            .map((h) => h | 0)
            .join(',')}}`
        : '{}';
    });
    await db.execute(sql`INSERT INTO bench_pairs SELECT ${a}, b, k::int[]
      FROM unnest(${sql.param(s.map((_, b) => b))}::int[], ${sql.param(lits)}::text[]) AS x(b, k)`);
  }
  const districtCodes = (
    await queryRows<{ code: string }>(db, sql`SELECT code FROM districts ORDER BY code`)
  ).map((d) => d.code);
  const periods: number[] = [];
  for (let p = periodOf(new Date(epoch.getTime() - 366 * DAY)); p <= periodOf(epoch) + 1; p++)
    periods.push(p);
  const scopes = districtCodes.flatMap((code, d) =>
    periods.map((p) => ({ d, p, h: scopeHash(code, p) | 0 })),
  );
  await db.execute(sql`DROP TABLE IF EXISTS bench_scopes`);
  await db.execute(sql`CREATE UNLOGGED TABLE bench_scopes (d int, p int, h int, PRIMARY KEY (d, p))`);
  await db.execute(sql`INSERT INTO bench_scopes SELECT * FROM unnest(${sql.param(scopes.map((x) => x.d))}::int[],
    ${sql.param(scopes.map((x) => x.p))}::int[], ${sql.param(scopes.map((x) => x.h))}::int[])`);

  const nameEnc = ctx.cipher.encrypt('complainant.name', '张三');
  const phoneEnc = ctx.cipher.encrypt('complainant.phone', '13900000000');

  // Secondary indexes off while loading (kept to be rebuilt, timed, afterwards).
  const defs = await queryRows<{ name: string; def: string; tbl: string }>(
    db,
    sql`SELECT i.indexname AS name, i.indexdef AS def, i.tablename AS tbl FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.tablename IN ('tickets','ticket_units') AND NOT x.indisprimary AND NOT x.indisunique`,
  );
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS bench_index_defs (name text PRIMARY KEY, def text NOT NULL)`,
  );
  for (const d of defs)
    await db.execute(sql`INSERT INTO bench_index_defs VALUES (${d.name}, ${d.def}) ON CONFLICT DO NOTHING`);
  for (const d of defs) await db.execute(sql.raw(`DROP INDEX IF EXISTS "${d.name}"`));

  const units = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM units WHERE type IN ('street','township','city_department','district_department','enterprise','department_subunit') ORDER BY code`,
  );
  const districts = districtCodes;
  const categories = (
    await queryRows<{ code: string }>(db, sql`SELECT code FROM categories WHERE level >= 2 ORDER BY code`)
  ).map((c) => c.code);
  const unitIds = units.map((u) => u.id);
  await db.execute(sql`SET session_replication_role = replica`);
  const span = 365 * DAY;
  const from = epoch.getTime() - span;
  for (let lo = have; lo < n; lo += CHUNK) {
    const hi = Math.min(n, lo + CHUNK);
    const c0 = performance.now();
    await db.execute(sql`
      WITH src0 AS (
        SELECT g, to_timestamp((${from} + (g::float8 / ${n}) * ${span} + (hashint4(g::int) % 3600000)) / 1000.0) AS reg,
          abs(hashint4((g * 3 + 1)::int)) % 1000 AS r1, abs(hashint4((g * 5 + 2)::int)) AS r2
        FROM generate_series(${lo}::bigint, ${hi - 1}::bigint) g
      ),
      src AS (
        SELECT src0.*, (src0.r2 / 7) % ${districts.length} AS d,
          floor(extract(epoch FROM src0.reg) / ${PERIOD_MS / 1000})::int AS period FROM src0
      ),
      t AS (
        INSERT INTO tickets (id, code, status, urgency, category_code, request_type, channel, received_at,
          registered_at, title, content, complainant_name_enc, complainant_phone_enc, complainant_phone_hash,
          location_district, policy_version, lead_unit_id, dispatched_at, complete_due_at, updated_at, rev,
          search_vector, similarity_keys)
        SELECT gen_random_uuid(), 'B' || to_char(src.reg, 'YYYYMMDD') || lpad(src.g::text, 8, '0'),
          st.status, CASE WHEN src.r1 < 50 THEN 'urgent' ELSE 'general' END,
          (${sql.param(categories)}::text[])[1 + src.r2 % ${categories.length}],
          (ARRAY['complaint','complaint','request','consultation','report','suggestion','other'])[1 + src.r2 % 7],
          (ARRAY['phone','phone','phone','web','wechat'])[1 + src.r1 % 5], src.reg, src.reg,
          a.title, a.content || b.tail, ${nameEnc}, ${phoneEnc}, p.hash,
          (${sql.param(districts)}::text[])[1 + src.d], 1,
          CASE WHEN st.status <> 'registered' THEN (${sql.param(unitIds)}::uuid[])[1 + (src.r2 / 13) % ${unitIds.length}] END,
          CASE WHEN st.status <> 'registered' THEN src.reg + interval '1 hour' END,
          src.reg + CASE WHEN src.r1 < 50 THEN interval '2 days' ELSE interval '15 days' END,
          src.reg, 1, a.vec || b.tail_vec,
          CASE WHEN src.reg >= ${keysExpireBefore(epoch).toISOString()}::timestamptz
            THEN ARRAY(SELECT k # sc.h FROM unnest(pr.bands) k) ELSE '{}' END
        FROM src
        CROSS JOIN LATERAL (SELECT CASE
          WHEN src.reg < ${new Date(epoch.getTime() - 20 * DAY).toISOString()}::timestamptz THEN
            CASE WHEN src.r1 < 950 THEN 'archived' ELSE 'replied' END
          ELSE (ARRAY['registered','dispatched','accepted','accepted','planned','completed','replied'])[1 + src.r1 % 7]
          END AS status) st
        JOIN bench_samples a ON a.i = src.g % ${s.length}
        JOIN bench_samples b ON b.i = (src.g / ${s.length} + src.g * 7) % ${s.length}
        JOIN bench_phones p ON p.i = abs(hashint4((src.g * 11 + 7)::int)) % ${PHONES}
        JOIN bench_pairs pr ON pr.a = a.i AND pr.b = b.i
        JOIN bench_scopes sc ON sc.d = src.d AND sc.p = src.period
        RETURNING id, lead_unit_id, registered_at
      )
      INSERT INTO ticket_units (ticket_id, unit_id, role, attached_at, active)
      SELECT id, lead_unit_id, 'lead', registered_at + interval '1 hour', true FROM t WHERE lead_unit_id IS NOT NULL`);
    log(
      `generated ${hi.toLocaleString('en')} / ${n.toLocaleString('en')} (${Math.round(performance.now() - c0)} ms)`,
    );
  }
  await db.execute(sql`SET session_replication_role = DEFAULT`);
  await db.execute(sql`SELECT setval('ticket_code_seq', ${n + 1})`);
  const generatedMs = performance.now() - t0;
  const indexes = await buildIndexes(db);
  return { generatedMs, indexes };
}

async function buildIndexes(db: Db) {
  const defs = await queryRows<{ name: string; def: string }>(
    db,
    sql`SELECT name, def FROM bench_index_defs`,
  );
  await db.execute(sql`SET maintenance_work_mem = '1GB'`);
  const out: { name: string; ms: number }[] = [];
  for (const d of defs) {
    const t0 = performance.now();
    await db.execute(sql.raw(d.def.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')));
    out.push({ name: d.name, ms: Math.round(performance.now() - t0) });
    log(`index ${d.name}: ${Math.round(performance.now() - t0)} ms`);
  }
  const t0 = performance.now();
  await db.execute(sql`VACUUM ANALYZE tickets`);
  await db.execute(sql`VACUUM ANALYZE ticket_units`);
  log(`vacuum analyze: ${Math.round(performance.now() - t0)} ms`);
  return out;
}

/** Times `runs` calls after `warmup` untimed ones on other inputs (the first reads come from disk). */
async function timed(runs: number, op: (i: number) => Promise<unknown>, warmup = 3) {
  for (let i = 0; i < warmup; i++) await op(runs + i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await op(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { runs, p50: r(percentile(ms, 50)), p95: r(percentile(ms, 95)), max: r(ms.at(-1) ?? 0) };
}

/**
 * The list query before ticket search: ILIKE on title and content, the page and its total (as it was), with
 * PostgreSQL's default parallel query (2 workers a gather) as it ran then; the platform's sessions now turn it
 * off.
 */
async function ilikeList(db: Db, q: string) {
  const like = `%${q}%`;
  const cond = sql`parent_ticket_id IS NULL AND (code = ${q} OR title ILIKE ${like} OR content ILIKE ${like})`;
  const asBefore = (query: SQL) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL max_parallel_workers_per_gather = 2`);
      await tx.execute(query);
    });
  await Promise.all([
    asBefore(
      sql`SELECT * FROM tickets WHERE ${cond} ORDER BY registered_at DESC, code DESC LIMIT 20 OFFSET 0`,
    ),
    asBefore(sql`SELECT count(*) FROM tickets WHERE ${cond}`),
  ]);
}

export async function searchBench(
  serverUrl: string,
  n: number,
  runs: number,
  ilikeRuns: number,
  generateOnly = false,
  /** Only these measurements (word, phrase, code, phone, inbox, duplicate, ilike); all when empty. */
  only: readonly string[] = [],
) {
  const dbName = n === 10_000_000 ? 'jiesu_bench_search' : `jiesu_bench_search_${n}`;
  const url = await ensureDatabase(serverUrl, dbName);
  const config = { ...loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-bench-')) }), demo: false };
  const open = (poolSize: number) =>
    createContext(config, systemClock, { kind: 'postgres', url, poolSize }, { JIESU_DATA_KEYS: benchKeys() });
  // Generation on one connection (its SET statements hold for the session), measurement on a pool of four.
  const loader = await open(1);
  let gen: Awaited<ReturnType<typeof generate>>;
  try {
    await prepareData(loader.ctx);
    log(`database ${dbName}`);
    gen = await generate(loader.ctx, n);
  } finally {
    await loader.database.close();
  }
  if (generateOnly)
    return { tickets: n, generationSeconds: Math.round(gen.generatedMs / 1000), indexBuildMs: gen.indexes };
  const { ctx, database } = await open(4);
  try {
    if (gen.generatedMs)
      log(`generated ${n.toLocaleString('en')} tickets in ${Math.round(gen.generatedMs / 1000)} s`);
    const db = ctx.db;
    const [epochRow] = await queryRows<{ v: string }>(db, sql`SELECT v FROM bench_meta WHERE k = 'epoch'`);
    const epoch = new Date(epochRow?.v ?? Date.now());
    // The bench's "now" is the end of the generated year, so that 7- and 30-day windows hold data.
    ctx.clock = { now: () => epoch } as AppContext['clock'];
    const list = (q: Partial<Parameters<typeof listTickets>[2]>) =>
      listTickets(ctx, OPERATOR, { sort: 'registeredAt', page: 1, pageSize: 20, ...q } as Parameters<
        typeof listTickets
      >[2]);

    const words = ['停车', '噪音', '物业', '拆迁', '学校', '污水', '补贴', '油烟'];
    const phrases = ['小区 物业 收费', '噪音扰民 晚上', '道路 破损', '违章建筑 投诉'];
    const codes = await queryRows<{ code: string }>(
      db,
      sql`SELECT code FROM tickets TABLESAMPLE SYSTEM (0.01) LIMIT ${runs}`,
    );
    const units = await queryRows<{ id: string; code: string }>(
      db,
      sql`SELECT u.id, u.code FROM units u WHERE u.type IN ('street','city_department') ORDER BY u.code LIMIT 40`,
    );
    const texts = sample();
    const districts = (
      await queryRows<{ code: string }>(db, sql`SELECT code FROM districts ORDER BY code`)
    ).map((d) => d.code);
    const firstResults: Record<string, number> = {};
    const skipped = { runs: 0, p50: NaN, p95: NaN, max: NaN };
    const want = (k: string) => only.length === 0 || only.includes(k);
    const figures = {
      word: want('word')
        ? await timed(runs, async (i) => {
            const r = await list({ q: words[i % words.length] });
            firstResults[`word:${words[i % words.length]}`] = r.total;
          })
        : skipped,
      phrase: want('phrase')
        ? await timed(runs, async (i) => {
            const r = await list({ q: phrases[i % phrases.length] });
            firstResults[`phrase:${phrases[i % phrases.length]}`] = r.total;
          })
        : skipped,
      code: want('code')
        ? await timed(runs, (i) => list({ q: codes[i % codes.length]?.code ?? 'B0' }))
        : skipped,
      phone: want('phone') ? await timed(runs, (i) => list({ q: phoneOf((i * 7919) % PHONES) })) : skipped,
      inboxPage: want('inbox')
        ? await timed(runs, async (i) => {
            const unit = units[i % units.length] as { id: string };
            const viewer: Viewer = { ...OPERATOR, roles: ['unit_handler'], unitId: unit.id };
            await listTickets(ctx, viewer, {
              sort: 'dueAt',
              link: 'handling',
              open: 'true',
              page: 1,
              pageSize: 20,
            } as Parameters<typeof listTickets>[2]);
          })
        : skipped,
      duplicateCheck: want('duplicate')
        ? await timed(runs, async (i) => {
            const t = texts[(i * 31) % texts.length] as { title: string; content: string };
            const found = await findDuplicates(ctx, {
              phoneHash: ctx.cipher.phoneHash(phoneOf((i * 104729) % PHONES)),
              district: districts[i % districts.length] ?? null,
              title: t.title,
              content: t.content,
            });
            // What the operator is shown: hints found (a fast check that finds nothing would prove nothing).
            for (const reason of ['same-phone', 'similar-text'])
              firstResults[`duplicate:${reason}`] =
                (firstResults[`duplicate:${reason}`] ?? 0) + found.filter((d) => d.reason === reason).length;
          })
        : skipped,
      ilikeWord: want('ilike')
        ? await timed(ilikeRuns, (i) => ilikeList(db, words[i % words.length] as string), 0)
        : skipped,
    };
    const sizes = await queryRows<{ name: string; size: string }>(
      db,
      sql`SELECT c.relname AS name, pg_size_pretty(pg_relation_size(c.oid)) AS size FROM pg_class c
          WHERE c.relname IN ('tickets','tickets_search_idx','tickets_similarity_idx','ticket_units','ticket_units_active_idx','tickets_status_due_idx','tickets_district_registered_idx','tickets_phone_hash_idx')`,
    );
    const speedup = Math.round(figures.ilikeWord.p50 / Math.max(figures.word.p95, figures.phrase.p95));
    return {
      engine: 'postgres',
      tickets: n,
      generationSeconds: gen.generatedMs ? Math.round(gen.generatedMs / 1000) : 'reused',
      indexBuildMs: gen.indexes.length
        ? Object.fromEntries(gen.indexes.map((x) => [x.name, x.ms]))
        : 'reused',
      sizes: Object.fromEntries(sizes.map((s) => [s.name, s.size])),
      ...figures,
      ilikeP50OverSearchP95: speedup,
      totals: firstResults,
    };
  } finally {
    await database.close();
  }
}
