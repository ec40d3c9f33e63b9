/**
 * One definition of every R7.1 counter, as SQL over the event log (docs/assessment.md). The rollup job
 * aggregates it over new events, the naive recomputation over a month, the drill-down lists it row by row — so
 * the three cannot disagree about what a figure means.
 *
 * A fact is one ticket event that counts, attributed to the ticket's first-responsible unit at that moment: the
 * unit of the latest event that handed the ticket to a unit (a dispatch, an accepted return re-dispatched
 * elsewhere, or a coordination decision, R4.2/R4.3/R5.1), with the urgency of its latest registration or
 * dispatch.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Figure } from '../../shared/schemas/assessment.js';
import { monthEnd, monthStart, type Month } from '../../domain/assessment/month.js';

/** Events that make a unit the ticket's first-responsible unit (R4.3), over alias `alias`. */
const receipt = (alias: string) =>
  sql.raw(
    `(${alias}.action IN ('dispatch', 'coordinate') OR (${alias}.action = 'review-return' AND ${alias}.data->>'accept' = 'true'))`,
  );
const RECEIPT = receipt('x');

/** The actions that can count for some figure. */
export const COUNTED_ACTIONS = [
  'dispatch',
  'coordinate',
  'review-return',
  'complete',
  'feedback',
  'revisit',
  'return',
  'supervise',
  'overdue',
  'reopen',
] as const;
/** Counted in the month their completion deadline fell due in, not the month they happened. */
export const DUE_MONTH_ACTIONS = ['feedback', 'overdue'] as const;

const list = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(', '));

/** Shanghai month of the event. */
const EVENT_MONTH = sql.raw(`to_char((e.at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`);
/** Shanghai month of the deadline recorded in the event; 24:00 belongs to the day that ends there. */
const DUE_MONTH = sql.raw(
  `to_char(((e.data->>'completeDueAt')::timestamptz AT TIME ZONE 'UTC') + interval '8 hours' - interval '1 microsecond', 'YYYY-MM')`,
);
const FACT_MONTH = sql`CASE WHEN e.action IN (${list(DUE_MONTH_ACTIONS)}) THEN COALESCE(${DUE_MONTH}, ${EVENT_MONTH}) ELSE ${EVENT_MONTH} END`;

/** SQL column of each event-derived figure (supervisionCases come from supervision_cases instead). */
export const FACT_COLUMNS: Record<Exclude<Figure, 'supervisionCases'>, string> = {
  received: 'received',
  feedbackDue: 'feedback_due',
  feedbackOnTime: 'feedback_on_time',
  completed: 'completed',
  completedOnTime: 'completed_on_time',
  revisitsReached: 'revisits_reached',
  revisitsSatisfied: 'revisits_satisfied',
  revisitsUnreachable: 'revisits_unreachable',
  returns: 'returns',
  supervisions: 'supervisions',
  overdue: 'overdue',
  reopenings: 'reopenings',
};
export const EVENT_FIGURES = Object.keys(FACT_COLUMNS) as (keyof typeof FACT_COLUMNS)[];
/** Columns of assessment_rollups: the event figures, and the supervision cases counted by a trigger. */
export const ROLLUP_COLUMNS: Record<Figure, string> = {
  ...FACT_COLUMNS,
  supervisionCases: 'supervision_cases',
};

const FIGURE_SQL: Record<keyof typeof FACT_COLUMNS, string> = {
  received: `(e.action IN ('dispatch', 'coordinate') OR (e.action = 'review-return' AND e.data->>'accept' = 'true'))`,
  // One feedback obligation per deadline: an overdue event opens it; a feedback closes it, and opens one only
  // if no overdue event of the same deadline came first (a late feedback after the timer fired counts once).
  feedbackDue: `(e.action = 'overdue' OR (e.action = 'feedback' AND NOT e.overdue_before))`,
  feedbackOnTime: `(e.action = 'feedback' AND e.at <= (e.data->>'completeDueAt')::timestamptz)`,
  completed: `(e.action = 'complete')`,
  completedOnTime: `(e.action = 'complete' AND e.data->>'late' = 'false')`,
  revisitsReached: `(e.action = 'revisit' AND e.data->>'outcome' IN ('satisfied', 'basically_satisfied', 'unsatisfied'))`,
  revisitsSatisfied: `(e.action = 'revisit' AND e.data->>'outcome' IN ('satisfied', 'basically_satisfied'))`,
  // Only the attempt that archived the ticket as 未联系上 (R4.6.3), not every failed call.
  revisitsUnreachable: `(e.action = 'revisit' AND e.data->>'outcome' = 'unreachable' AND e.to_status = 'archived')`,
  returns: `(e.action = 'return')`,
  supervisions: `(e.action = 'supervise')`,
  overdue: `(e.action = 'overdue')`,
  reopenings: `(e.action = 'reopen')`,
};

/**
 * Facts of the events matching `where` (a condition over alias e): one row per counted event with its unit,
 * urgency, month and a 0/1 column per figure. Set-based: the events of the tickets concerned are read once,
 * in id order per ticket, and running window aggregates carry forward the latest receipt (the unit), the
 * latest registration or dispatch (the urgency) and the deadlines that already went overdue — one sort,
 * instead of looking the history up again for every event. (A running max of "zero-padded id ‖ value" is the
 * value of the latest row that has one.) `upTo` bounds the history read (the rollup job's chunk end, a
 * revision's horizon). OFFSET 0 keeps the per-ticket read a nested loop over the (ticket_id, id) index:
 * flattened, PostgreSQL would hash-join a scan of the whole log below `upTo`.
 */
export function factsQuery(where: SQL, upTo?: number): SQL {
  const figures = sql.raw(
    EVENT_FIGURES.map((f) => `COALESCE(${FIGURE_SQL[f]}, false)::int AS ${FACT_COLUMNS[f]}`).join(',\n    '),
  );
  const bound = upTo === undefined ? sql`` : sql`AND e.id <= ${upTo}`;
  const counted = list(COUNTED_ACTIONS);
  return sql`SELECT e.id AS event_id, e.ticket_id, e.at, e.action, e.unit_id, e.urgency, ${FACT_MONTH} AS month,
    ${figures}
  FROM (
    SELECT y.id, y.ticket_id, y.at, y.action, y.to_status, y.data, y.target,
      substr(y.last_receipt, 21)::uuid AS unit_id,
      COALESCE(substr(y.last_urgency, 21), 'general') AS urgency,
      COALESCE(position(y.data->>'completeDueAt' IN y.overdue_dues) > 0, false) AS overdue_before
    FROM (
      SELECT x.*,
        max(CASE WHEN ${RECEIPT} THEN lpad(x.id::text, 20, '0') || (x.data->>'unitId') END) OVER w AS last_receipt,
        max(CASE WHEN x.action IN ('register', 'dispatch') AND x.data ? 'urgency'
          THEN lpad(x.id::text, 20, '0') || (x.data->>'urgency') END) OVER w AS last_urgency,
        string_agg(CASE WHEN x.action = 'overdue' THEN x.data->>'completeDueAt' END, ' ') OVER w AS overdue_dues
      FROM (
        SELECT e.id, e.ticket_id, e.at, e.action, e.to_status, e.data, COALESCE(${where}, false) AS target
        FROM (SELECT DISTINCT e.ticket_id FROM ticket_events e
              WHERE e.action IN (${counted}) AND (${where}) ${bound}) tk
        CROSS JOIN LATERAL (
          SELECT * FROM ticket_events e
          WHERE e.ticket_id = tk.ticket_id AND e.action IN (${counted}, 'register') ${bound}
          OFFSET 0) e
      ) x
      WINDOW w AS (PARTITION BY x.ticket_id ORDER BY x.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ) y
    WHERE y.target AND y.action IN (${counted})
  ) e
  WHERE e.unit_id IS NOT NULL`;
}

/** The sums of the facts, grouped by (month, unit, urgency). */
export function aggregate(facts: SQL): SQL {
  const sums = sql.raw(
    EVENT_FIGURES.map((f) => `sum(f.${FACT_COLUMNS[f]})::int AS ${FACT_COLUMNS[f]}`).join(', '),
  );
  return sql`SELECT f.month, f.unit_id, f.urgency, ${sums} FROM (${facts}) f GROUP BY f.month, f.unit_id, f.urgency`;
}

/**
 * The events whose facts can fall in `month`: events of the month, and feedback/overdue events whose deadline
 * fell in it whenever they were recorded. `horizon` limits to events up to an id (a revision's event horizon).
 */
export function monthEventsWhere(month: Month, horizon?: number): SQL {
  const start = monthStart(month);
  const end = monthEnd(month);
  const limit = horizon === undefined ? sql`true` : sql`e.id <= ${horizon}`;
  return sql`${limit} AND (
    (e.action NOT IN (${list(DUE_MONTH_ACTIONS)}) AND e.at >= ${start} AND e.at < ${end})
    OR (e.action IN (${list(DUE_MONTH_ACTIONS)}) AND ${FACT_MONTH} = ${month}))`;
}

/**
 * Supervision cases opened (R6.1) — in `month` if given — attributed to the unit the case names (every case
 * records it) or else the unit holding the ticket when it was opened, with the ticket's urgency. The trigger of
 * migration 0007 counts each new case the same way into the rollups.
 */
export function supervisionCasesQuery(o: { month?: Month; openedUpTo?: Date } = {}): SQL {
  const inMonth =
    o.month === undefined
      ? sql`true`
      : sql`c.opened_at >= ${monthStart(o.month)} AND c.opened_at < ${monthEnd(o.month)}`;
  const limit = o.openedUpTo === undefined ? sql`true` : sql`c.opened_at <= ${o.openedUpTo}`;
  return sql`SELECT c.id AS case_id, c.ticket_id, c.opened_at AS at, c.reason,
      to_char((c.opened_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS month,
      COALESCE((c.data->>'unitId')::uuid, (
        SELECT (d.data->>'unitId')::uuid FROM ticket_events d
        WHERE d.ticket_id = c.ticket_id AND d.at <= c.opened_at AND ${receipt('d')}
        ORDER BY d.id DESC LIMIT 1)) AS unit_id,
      COALESCE(t.urgency, 'general') AS urgency
    FROM supervision_cases c JOIN tickets t ON t.id = c.ticket_id
    WHERE ${inMonth} AND ${limit}`;
}
