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

/** Events that make a unit the ticket's first-responsible unit (R4.3), alias d. */
const RECEIPT = sql.raw(
  `(d.action IN ('dispatch', 'coordinate') OR (d.action = 'review-return' AND d.data->>'accept' = 'true'))`,
);

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

const FIGURE_SQL: Record<keyof typeof FACT_COLUMNS, string> = {
  received: `(e.action IN ('dispatch', 'coordinate') OR (e.action = 'review-return' AND e.data->>'accept' = 'true'))`,
  // One feedback obligation per deadline: an overdue event opens it; a feedback closes it, and opens one only
  // if no overdue event of the same deadline came first (a late feedback after the timer fired counts once).
  feedbackDue: `(e.action = 'overdue' OR (e.action = 'feedback' AND NOT EXISTS (
      SELECT 1 FROM ticket_events o WHERE o.ticket_id = e.ticket_id AND o.id < e.id AND o.action = 'overdue'
        AND o.data->>'completeDueAt' = e.data->>'completeDueAt')))`,
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
 * Facts of the events matching `where` (over alias e): one row per counted event with its unit, urgency, month
 * and a 0/1 column per figure.
 */
export function factsQuery(where: SQL): SQL {
  const figures = sql.raw(
    EVENT_FIGURES.map((f) => `COALESCE(${FIGURE_SQL[f]}, false)::int AS ${FACT_COLUMNS[f]}`).join(',\n  '),
  );
  return sql`SELECT e.id AS event_id, e.ticket_id, e.at, e.action, h.unit_id,
    COALESCE(u.urgency, 'general') AS urgency, ${FACT_MONTH} AS month,
    ${figures}
  FROM ticket_events e
  CROSS JOIN LATERAL (
    SELECT (d.data->>'unitId')::uuid AS unit_id FROM ticket_events d
    WHERE d.ticket_id = e.ticket_id AND d.id <= e.id AND ${RECEIPT}
    ORDER BY d.id DESC LIMIT 1) h
  LEFT JOIN LATERAL (
    SELECT d.data->>'urgency' AS urgency FROM ticket_events d
    WHERE d.ticket_id = e.ticket_id AND d.id <= e.id AND d.action IN ('register', 'dispatch') AND d.data ? 'urgency'
    ORDER BY d.id DESC LIMIT 1) u ON true
  WHERE e.action IN (${list(COUNTED_ACTIONS)}) AND h.unit_id IS NOT NULL AND (${where})`;
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

/** Supervision cases opened in the month, attributed to the unit named in the case or holding the ticket then. */
export function supervisionCasesQuery(month: Month, openedUpTo?: Date): SQL {
  const limit = openedUpTo === undefined ? sql`true` : sql`c.opened_at <= ${openedUpTo}`;
  return sql`SELECT c.id AS case_id, c.ticket_id, c.opened_at AS at, c.reason,
      COALESCE((c.data->>'unitId')::uuid, h.unit_id) AS unit_id, COALESCE(u.urgency, 'general') AS urgency
    FROM supervision_cases c
    LEFT JOIN LATERAL (
      SELECT (d.data->>'unitId')::uuid AS unit_id FROM ticket_events d
      WHERE d.ticket_id = c.ticket_id AND d.at <= c.opened_at AND ${RECEIPT}
      ORDER BY d.id DESC LIMIT 1) h ON true
    LEFT JOIN LATERAL (
      SELECT d.data->>'urgency' AS urgency FROM ticket_events d
      WHERE d.ticket_id = c.ticket_id AND d.action IN ('register', 'dispatch') AND d.data ? 'urgency'
      ORDER BY d.id DESC LIMIT 1) u ON true
    WHERE c.opened_at >= ${monthStart(month)} AND c.opened_at < ${monthEnd(month)} AND ${limit}`;
}
