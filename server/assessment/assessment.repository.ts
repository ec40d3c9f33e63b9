/**
 * SQL for assessment: units, counters (from rollups or recomputed from the event log), revisions, drill-down.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { assessmentRevisions, units } from '../db/schema.js';
import { queryRows, type Db } from '../db/client.js';
import type { Tx } from '../tickets/ticket.repository.js';
import {
  FIGURES,
  type Figure,
  type MonthFigures,
  type RevisionStatus,
} from '../../shared/schemas/assessment.js';
import type { Urgency } from '../../shared/enums.js';
import { emptySplit, type SplitCounters } from '../../domain/assessment/figures.js';
import type { UnitInfo } from '../../domain/assessment/month-figures.js';
import type { Month } from '../../domain/assessment/month.js';
import {
  aggregate,
  EVENT_FIGURES,
  FACT_COLUMNS,
  factsQuery,
  ROLLUP_COLUMNS,
  monthEventsWhere,
  supervisionCasesQuery,
} from './assessment.facts.js';
import { tuneForBatch } from './rollup.job.js';

export async function loadUnits(db: Db): Promise<UnitInfo[]> {
  return db
    .select({
      id: units.id,
      code: units.code,
      nameZh: units.nameZh,
      type: units.type,
      peerGroup: units.peerGroup,
      superiorId: units.superiorId,
      active: units.active,
    })
    .from(units)
    .orderBy(asc(units.code));
}

type CounterRow = { unit_id: string; urgency: string } & Record<string, number | string>;

function toCounters(
  rows: readonly CounterRow[],
  figures: readonly Figure[] = EVENT_FIGURES,
): Map<string, SplitCounters> {
  const out = new Map<string, SplitCounters>();
  for (const r of rows) {
    const split = out.get(r.unit_id) ?? emptySplit();
    const c = r.urgency === 'urgent' ? split.urgent : split.general;
    for (const f of figures) c[f] += Number(r[ROLLUP_COLUMNS[f]] ?? 0);
    out.set(r.unit_id, split);
  }
  return out;
}

/** The month's counters as the rollups keep them (a few hundred rows, whatever the size of the log). */
export async function rollupCounters(db: Db, month: Month): Promise<Map<string, SplitCounters>> {
  const cols = sql.raw(FIGURES.map((f) => ROLLUP_COLUMNS[f]).join(', '));
  const rows = await queryRows<CounterRow>(
    db,
    sql`SELECT unit_id, urgency, ${cols} FROM assessment_rollups WHERE month = ${month}`,
  );
  return toCounters(rows, FIGURES);
}

/** The month's counters recomputed naively from the whole event log (the rollups' reference). */
export async function recomputeCounters(db: Db, month: Month): Promise<Map<string, SplitCounters>> {
  const rows = await db.transaction(async (tx) => {
    await tuneForBatch(tx);
    return queryRows<CounterRow & { month: string }>(
      tx,
      sql`SELECT * FROM (${aggregate(factsQuery(monthEventsWhere(month)))}) a WHERE a.month = ${month}`,
    );
  });
  const counters = toCounters(rows);
  await addSupervisionCases(db, month, counters);
  return counters;
}

/** Adds the supervision cases opened in the month (R6.1) to the counters, counted from supervision_cases. */
export async function addSupervisionCases(
  db: Db,
  month: Month,
  counters: Map<string, SplitCounters>,
  openedUpTo?: Date,
): Promise<void> {
  const rows = await queryRows<{ unit_id: string | null; urgency: string; n: number | string }>(
    db,
    sql`SELECT s.unit_id, s.urgency, count(*) AS n FROM (${supervisionCasesQuery({ month, openedUpTo })}) s
        WHERE s.unit_id IS NOT NULL GROUP BY s.unit_id, s.urgency`,
  );
  for (const r of rows) {
    if (!r.unit_id) continue;
    const split = counters.get(r.unit_id) ?? emptySplit();
    (r.urgency === 'urgent' ? split.urgent : split.general).supervisionCases += Number(r.n);
    counters.set(r.unit_id, split);
  }
}

export interface DrillDownRow {
  ticketId: string;
  code: string;
  urgency: Urgency;
  unitId: string;
  eventId: number | null;
  action: string;
  at: Date;
}

/** The tickets (events) behind one figure of some units in a month, optionally up to a revision's horizon. */
export async function drillDown(
  db: Db,
  q: {
    month: Month;
    unitIds: string[];
    figure: Figure;
    urgency?: Urgency;
    horizon?: { lastEventId: number; computedAt: Date };
    limit: number;
    offset: number;
  },
): Promise<{ rows: DrillDownRow[]; total: number }> {
  if (q.unitIds.length === 0) return { rows: [], total: 0 };
  const inner =
    q.figure === 'supervisionCases'
      ? sql`SELECT s.ticket_id, s.unit_id, s.urgency, NULL::bigint AS event_id, 'supervision-case' AS action, s.at
            FROM (${supervisionCasesQuery({ month: q.month, openedUpTo: q.horizon?.computedAt })}) s`
      : sql`SELECT f.ticket_id, f.unit_id, f.urgency, f.event_id, f.action, f.at
            FROM (${factsQuery(monthEventsWhere(q.month, q.horizon?.lastEventId), q.horizon?.lastEventId)}) f
            WHERE f.month = ${q.month} AND f.${sql.raw(FACT_COLUMNS[q.figure])} = 1`;
  const filtered = sql`SELECT x.*, t.code FROM (${inner}) x JOIN tickets t ON t.id = x.ticket_id
    WHERE x.unit_id IN ${q.unitIds} ${q.urgency ? sql`AND x.urgency = ${q.urgency}` : sql``}`;
  const [rows, totals] = await db.transaction(async (tx) => {
    await tuneForBatch(tx);
    return [
      await queryRows<{
        ticket_id: string;
        code: string;
        urgency: Urgency;
        unit_id: string;
        event_id: string | number | null;
        action: string;
        at: Date | string;
      }>(tx, sql`${filtered} ORDER BY x.at, x.event_id LIMIT ${q.limit} OFFSET ${q.offset}`),
      await queryRows<{ n: string | number }>(tx, sql`SELECT count(*) AS n FROM (${filtered}) c`),
    ] as const;
  });
  return {
    rows: rows.map((r) => ({
      ticketId: r.ticket_id,
      code: r.code,
      urgency: r.urgency,
      unitId: r.unit_id,
      eventId: r.event_id === null ? null : Number(r.event_id),
      action: r.action,
      at: new Date(r.at),
    })),
    total: Number(totals[0]?.n ?? 0),
  };
}

export type RevisionRow = typeof assessmentRevisions.$inferSelect;

export async function revisionsOf(db: Db | Tx, month: Month): Promise<RevisionRow[]> {
  return db
    .select()
    .from(assessmentRevisions)
    .where(eq(assessmentRevisions.month, month))
    .orderBy(asc(assessmentRevisions.revision));
}

export async function latestRevision(
  db: Db | Tx,
  month: Month,
  statuses?: RevisionStatus[],
): Promise<RevisionRow | undefined> {
  const [row] = await db
    .select()
    .from(assessmentRevisions)
    .where(
      statuses
        ? and(eq(assessmentRevisions.month, month), inArray(assessmentRevisions.status, statuses))
        : eq(assessmentRevisions.month, month),
    )
    .orderBy(desc(assessmentRevisions.revision))
    .limit(1);
  return row;
}

/** The latest published revision of each of these months that has one. */
export async function publishedRevisions(db: Db, months: readonly Month[]): Promise<RevisionRow[]> {
  if (months.length === 0) return [];
  return db
    .selectDistinctOn([assessmentRevisions.month])
    .from(assessmentRevisions)
    .where(and(inArray(assessmentRevisions.month, [...months]), eq(assessmentRevisions.status, 'published')))
    .orderBy(asc(assessmentRevisions.month), desc(assessmentRevisions.revision));
}

export interface NewRevision {
  month: Month;
  policyVersion: number;
  lastEventId: number;
  computedAt: Date;
  computedBy: string;
  note: string | null;
  snapshot: MonthFigures;
}

/**
 * Stores computed figures: a draft (computed or reviewed) is replaced in place and must be reviewed again; after
 * a publication, a new revision N+1 is created — a published revision is never changed (a trigger enforces it).
 */
export async function saveComputed(db: Db, r: NewRevision): Promise<RevisionRow> {
  return db.transaction(async (tx) => {
    // Serialise computations of the same month.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'assessment:' + r.month}))`);
    const latest = await latestRevision(tx, r.month);
    const values = {
      status: 'computed' as const,
      policyVersion: r.policyVersion,
      lastEventId: r.lastEventId,
      computedAt: r.computedAt,
      computedBy: r.computedBy,
      reviewedAt: null,
      reviewedBy: null,
      note: r.note,
      snapshot: r.snapshot as unknown as Record<string, unknown>,
    };
    if (latest && latest.status !== 'published') {
      const [row] = await tx
        .update(assessmentRevisions)
        .set(values)
        .where(eq(assessmentRevisions.id, latest.id))
        .returning();
      if (!row) throw new Error('assessment revision vanished');
      return row;
    }
    const [row] = await tx
      .insert(assessmentRevisions)
      .values({ ...values, month: r.month, revision: (latest?.revision ?? 0) + 1 })
      .returning();
    if (!row) throw new Error('assessment revision not stored');
    return row;
  });
}

/** Moves the latest revision from one status to the next; undefined when it is not in `from`. */
export async function advanceRevision(
  db: Db,
  month: Month,
  from: RevisionStatus,
  to: RevisionStatus,
  by: string,
  at: Date,
): Promise<{ row?: RevisionRow; current?: RevisionRow }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'assessment:' + month}))`);
    const current = await latestRevision(tx, month);
    if (!current || current.status !== from) return { current };
    const set =
      to === 'reviewed'
        ? { status: to, reviewedAt: at, reviewedBy: by }
        : { status: to, publishedAt: at, publishedBy: by };
    const [row] = await tx
      .update(assessmentRevisions)
      .set(set)
      .where(eq(assessmentRevisions.id, current.id))
      .returning();
    return { row, current };
  });
}
