/**
 * Assessment benchmark: N tickets (default 10,000,000) over 12 months across every handling unit,
 * generated in SQL; then the time to catch the rollups up from the event log, to produce a month's ranking
 * from the rollups (target ≤ 200 ms), to produce the bulletin (target ≤ 5 s), and — in the same run, for
 * comparison — a naive recomputation of the month from the event log.
 *
 * What is generated (printed too): per ticket a row in `tickets` and only the events that assessment reads —
 * dispatch, complete, feedback, and as drawn: return + accepted re-dispatch (3%), overdue with its supervision
 * case (late ones), revisit (every urgent ticket, 30% of general ones), supervise after an unsatisfied revisit.
 * Registration, acceptance and verification events are left out (nothing counts them). Deadlines are 24 h
 * (urgent) and 7 calendar days (general) rather than the working-day calendar; units differ in quality so the
 * ranking is not flat. Referential triggers are switched off while loading (session_replication_role).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createContext, prepareData } from '../server/bootstrap.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { queryRows, type DatabaseOptions, type Db } from '../server/db/client.js';
import type { AppContext } from '../server/context.js';
import { assessedUnitMap, buildFigures } from '../domain/assessment/month-figures.js';
import { addMonths, monthEnd, monthStart, type Month } from '../domain/assessment/month.js';
import { rebuildRollups } from '../server/assessment/rollup.job.js';
import { loadUnits, recomputeCounters, rollupCounters } from '../server/assessment/assessment.repository.js';
import { talksView } from '../server/assessment/assessment.service.js';
import { buildBulletin } from '../server/assessment/bulletin.model.js';
import { renderBulletinPdf } from '../server/assessment/bulletin.pdf.js';
import { renderBulletinDocx } from '../server/assessment/bulletin.docx.js';
import { renderStatisticsXlsx } from '../server/assessment/statistics.xlsx.js';
import { DEFAULT_POLICY } from '../shared/policy.js';

const CHUNK = 250_000;

export interface AssessmentBenchOptions {
  tickets: number;
  firstMonth: Month;
  months: number;
  /** Statements generating data at once (PostgreSQL: one per core). */
  parallel: number;
}

export async function assessmentBench(dbOptions: DatabaseOptions, o: AssessmentBenchOptions) {
  const config = { ...loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-bench-')) }), demo: false };
  const keys = JSON.stringify({
    active: 'k1',
    keys: { k1: randomBytes(32).toString('base64') },
    hashKey: randomBytes(32).toString('base64'),
  });
  const { ctx, database } = await createContext(config, systemClock, dbOptions, { JIESU_DATA_KEYS: keys });
  try {
    await prepareData(ctx);
    const log = (msg: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${msg}`);
    const months = Array.from({ length: o.months }, (_, i) => addMonths(o.firstMonth, i));

    const t0 = performance.now();
    await generate(ctx.db, o, months, log);
    const generateMs = performance.now() - t0;
    const volume = await sizes(ctx.db);
    log(`generated ${JSON.stringify(volume)} in ${(generateMs / 1000).toFixed(0)} s`);

    const t1 = performance.now();
    // The load switched triggers off, so the rollups are rebuilt: cases counted from their table, then every
    // event by the rollup job (the same code that keeps them current).
    const rollup = await rebuildRollups(ctx.db, systemClock.now(), { parallel: o.parallel });
    const rollupMs = performance.now() - t1;
    log(`rollups rebuilt over ${rollup.to - rollup.from} event ids in ${(rollupMs / 1000).toFixed(0)} s`);
    await ctx.db.execute(sql`ANALYZE assessment_rollups`);

    const month = months[Math.floor(months.length / 2)] as Month;
    const ranking = await timeRuns(5, () => rankMonth(ctx, month));
    const figures = await rankMonth(ctx, month);
    const bulletin = await timeRuns(3, () => bulletinFiles(month, figures));
    const t2 = performance.now();
    const naive = await recomputeCounters(ctx.db, month);
    const naiveMs = performance.now() - t2;
    const rolled = await rollupCounters(ctx.db, month);
    const equal =
      JSON.stringify(Object.fromEntries([...naive].sort())) ===
      JSON.stringify(Object.fromEntries([...rolled].sort()));
    const ranked = figures.units.filter((u) => u.rank !== null).length;
    return {
      database: database.kind,
      generated: {
        ...volume,
        months: `${months[0]}..${months[months.length - 1]}`,
        seconds: Math.round(generateMs / 1000),
        note: 'tickets + assessment-relevant events only (no register/accept/verify events); calendar-day deadlines',
      },
      rollupsFromLog: { seconds: Number((rollupMs / 1000).toFixed(1)), eventIds: rollup.to - rollup.from },
      month,
      monthVolume: figures.summary.volume,
      rankedUnits: ranked,
      rankingFromRollupsMs: ranking,
      bulletinMs: bulletin,
      naiveRecomputeMs: Math.round(naiveMs),
      naiveOverRollups: Number((naiveMs / ranking.mean).toFixed(0)),
      rollupsEqualRecompute: equal,
    };
  } finally {
    await database.close();
  }
}

/** R7.1 + R7.2 for one month from the rollups: what POST …/compute does, minus storing the revision. */
async function rankMonth(ctx: AppContext, month: Month) {
  const counters = await rollupCounters(ctx.db, month);
  const units = await loadUnits(ctx.db);
  return buildFigures(units, counters, {
    weights: DEFAULT_POLICY.scoreWeights,
    urgentWeight: DEFAULT_POLICY.urgentWeight,
  });
}

async function bulletinFiles(month: Month, figures: Awaited<ReturnType<typeof rankMonth>>) {
  const talks = talksView(month, [{ month, revision: 1, figures }]);
  const model = buildBulletin({
    month,
    revision: 1,
    status: 'published',
    computedAt: monthEnd(month),
    publishedAt: monthEnd(month),
    note: null,
    figures,
    talks,
  });
  const [pdf, docx, xlsx] = await Promise.all([
    renderBulletinPdf(model),
    renderBulletinDocx(model),
    renderStatisticsXlsx({
      month,
      revision: 1,
      status: 'published',
      lastEventId: 0,
      policyVersion: 1,
      figures,
      talks,
      model,
    }),
  ]);
  return pdf.length + docx.length + xlsx.length;
}

async function timeRuns(n: number, f: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  const round = (x: number) => Number(x.toFixed(1));
  return {
    first: round(times[0] ?? 0),
    mean: round(times.reduce((s, x) => s + x, 0) / times.length),
    max: round(Math.max(...times)),
  };
}

async function sizes(db: Db) {
  const [r] = await queryRows<{ tickets: string; events: string; cases: string }>(
    db,
    sql`SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM ticket_events) AS events,
        (SELECT count(*) FROM supervision_cases) AS cases`,
  );
  return { tickets: Number(r?.tickets), events: Number(r?.events), supervisionCases: Number(r?.cases) };
}

/** Loads the tickets month by month, `parallel` chunks at a time. */
export async function generate(db: Db, o: AssessmentBenchOptions, months: Month[], log: (m: string) => void) {
  const units = await loadUnits(db);
  const assessed = assessedUnitMap(units);
  const handling = units.filter((u) => assessed.get(u.id));
  // Each unit a quality in 0..1 (spread evenly): worse units are late and unsatisfying more often.
  const values = handling.map(
    (u, i) => sql`(${i}, ${u.id}::uuid, ${((i * 7919) % handling.length) / handling.length})`,
  );
  await db.execute(sql`DROP TABLE IF EXISTS bench_units`);
  await db.execute(sql`CREATE TABLE bench_units (idx int PRIMARY KEY, id uuid NOT NULL, q float8 NOT NULL)`);
  await db.execute(sql`INSERT INTO bench_units VALUES ${sql.join(values, sql`, `)}`);
  const perMonth = Math.ceil(o.tickets / months.length);
  const jobs: { month: Month; n: number; tag: string }[] = [];
  let left = o.tickets;
  months.forEach((month, mi) => {
    let inMonth = Math.min(perMonth, left);
    left -= inMonth;
    let c = 0;
    while (inMonth > 0) {
      const n = Math.min(CHUNK, inMonth);
      jobs.push({ month, n, tag: `B${mi.toString(36)}${(c++).toString(36)}-` });
      inMonth -= n;
    }
  });
  const [role] = await queryRows<{ rolsuper: boolean }>(
    db,
    sql`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`,
  );
  // Plain indexes are dropped while loading and built again after: a bulk build sorts once, where inserting
  // ten million random uuids into live indexes would wander all over them. Unique ones stay (they check).
  const indexes = await queryRows<{ name: string; def: string }>(
    db,
    sql`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.schemaname = 'public' AND i.tablename IN ('tickets', 'ticket_events', 'supervision_cases')
          AND NOT x.indisunique`,
  );
  for (const i of indexes) await db.execute(sql.raw(`DROP INDEX "${i.name}"`));
  let done = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: o.parallel }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as (typeof jobs)[number];
        await db.transaction(async (tx) => {
          if (role?.rolsuper) await tx.execute(sql`SET LOCAL session_replication_role = replica`);
          await tx.execute(chunkSql(job.month, job.n, job.tag, handling.length));
        });
        done += job.n;
        if (done % 1_000_000 < CHUNK) log(`${done.toLocaleString('en')} tickets`);
      }
    }),
  );
  await db.execute(sql`DROP TABLE bench_units`);
  log(`rebuilding ${indexes.length} indexes`);
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: o.parallel }, async () => {
      while (nextIndex < indexes.length) {
        const i = indexes[nextIndex++] as (typeof indexes)[number];
        await db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL maintenance_work_mem = '512MB'`);
          await tx.execute(sql.raw(i.def));
        });
      }
    }),
  );
  await db.execute(sql`ANALYZE tickets`);
  await db.execute(sql`ANALYZE ticket_events`);
  await db.execute(sql`ANALYZE supervision_cases`);
}

const iso = (expr: string) => `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One statement: n tickets dispatched in `month`, their events and supervision cases. */
function chunkSql(month: Month, n: number, tag: string, unitCount: number) {
  const start = monthStart(month);
  const span = (monthEnd(month).getTime() - start.getTime()) / 1000;
  return sql`
  WITH s AS MATERIALIZED (
    SELECT gen_random_uuid() AS id, i,
      floor(power(random(), 1.4) * ${unitCount})::int AS ui, floor(random() * ${unitCount})::int AS ri,
      random() < 0.1 AS urgent,
      date_trunc('milliseconds', ${start}::timestamptz + random() * ${span} * interval '1 second') AS dispatched_at,
      random() AS r_ret, random() AS r_late, random() AS r_c, random() AS r_fb, random() AS r_rev, random() AS r_out
    FROM generate_series(1, ${n}) i
  ), g AS MATERIALIZED (
    SELECT s.*, u.id AS unit_id, r.id AS first_unit_id, (s.r_ret < 0.03 AND r.id <> u.id) AS returned,
      CASE WHEN s.urgent THEN 'urgent' ELSE 'general' END AS urg,
      s.dispatched_at + CASE WHEN s.urgent THEN interval '24 hours' ELSE interval '7 days' END AS due,
      s.r_late < 0.01 + 0.08 * u.q AS late,
      (s.urgent OR s.r_rev < 0.3) AS revisited,
      CASE WHEN s.r_out < 0.05 THEN 'unreachable'
           WHEN s.r_out < 0.09 + 0.2 * u.q THEN 'unsatisfied'
           WHEN s.r_out < 0.75 THEN 'satisfied' ELSE 'basically_satisfied' END AS outcome
    FROM s JOIN bench_units u ON u.idx = s.ui JOIN bench_units r ON r.idx = s.ri
  ), h AS MATERIALIZED (
    SELECT g.*,
      date_trunc('milliseconds', CASE WHEN late THEN due + interval '1 hour' + r_c * interval '48 hours'
        ELSE dispatched_at + (due - dispatched_at) * (0.1 + 0.8 * r_c) END) AS completed_at
    FROM g
  ), k AS MATERIALIZED (
    SELECT h.*, date_trunc('milliseconds', completed_at + r_fb * interval '12 hours') AS replied_at FROM h
  ), t AS (
    INSERT INTO tickets (code, status, urgency, channel, received_at, registered_at, title, content,
      complainant_name_enc, complainant_phone_enc, complainant_phone_hash, policy_version, lead_unit_id,
      dispatched_at, completed_at, replied_at, complete_due_at, updated_at, id)
    SELECT ${tag}::text || i::text, CASE WHEN revisited AND outcome = 'unsatisfied' THEN 'supervising' ELSE 'archived' END,
      urg, 'hotline_12345', dispatched_at - interval '10 minutes', dispatched_at - interval '10 minutes', '压测', '压测',
      'x', 'x', 'h', 1, unit_id, dispatched_at, completed_at, replied_at, due, replied_at, id
    FROM k
  ), c AS (
    INSERT INTO supervision_cases (ticket_id, reason, opened_at, data)
    SELECT id, 'overdue', due, jsonb_build_object('completeDueAt', ${sql.raw(iso('due'))}, 'unitId', unit_id) FROM k WHERE late
  )
  INSERT INTO ticket_events (ticket_id, at, actor_role, action, from_status, to_status, data)
  SELECT k.id, v.at, v.role, v.action, v.from_s, v.to_s, v.data
  FROM k CROSS JOIN LATERAL (VALUES
    (true, dispatched_at, 'office_operator', 'dispatch', 'registered', 'dispatched',
      jsonb_build_object('unitId', CASE WHEN returned THEN first_unit_id ELSE unit_id END, 'urgency', urg)),
    (returned, dispatched_at + interval '10 minutes', 'unit_handler', 'return', 'dispatched', 'returned',
      jsonb_build_object('unitId', first_unit_id)),
    (returned, dispatched_at + interval '30 minutes', 'office_operator', 'review-return', 'returned', 'dispatched',
      jsonb_build_object('accept', true, 'unitId', unit_id, 'fromUnitId', first_unit_id)),
    (late, due, 'system', 'overdue', 'accepted', 'accepted', jsonb_build_object('completeDueAt', ${sql.raw(iso('due'))})),
    (true, completed_at, 'unit_handler', 'complete', 'accepted', 'completed', jsonb_build_object('late', late)),
    (true, replied_at, 'unit_handler', 'feedback', 'completed', 'replied',
      jsonb_build_object('completeDueAt', ${sql.raw(iso('due'))})),
    (revisited, replied_at + interval '1 day', 'office_revisitor', 'revisit', 'replied',
      CASE WHEN outcome = 'unsatisfied' THEN 'supervising' ELSE 'archived' END, jsonb_build_object('outcome', outcome)),
    (revisited AND outcome = 'unsatisfied', replied_at + interval '2 days', 'supervisor', 'supervise', 'supervising',
      'accepted', '{}'::jsonb)
  ) v(keep, at, role, action, from_s, to_s, data)
  WHERE v.keep`;
}
