/**
 * Which timers a ticket needs now: a warning before its completion deadline and the deadline
 * itself, while a unit holds it. Pure: the server stores the answer and a sweep fires what is due.
 */
import type { PolicyData } from '../../shared/policy.js';
import { warningAt } from '../calendar/deadline.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { TicketStatus } from '../../shared/enums.js';
import type { TicketState } from './ticket.machine.js';

export type TimerKind = 'warning' | 'overdue';

export interface DesiredTimer {
  kind: TimerKind;
  dueAt: Date;
}

/** Statuses in which a handling unit's completion clock runs (R4.4). */
export const CLOCK_RUNNING: readonly TicketStatus[] = ['dispatched', 'accepted', 'planned', 'returned'];

export function desiredTimers(state: TicketState, policy: PolicyData, cal: WorkingCalendar): DesiredTimer[] {
  if (!CLOCK_RUNNING.includes(state.status) || !state.completeDueAt) return [];
  const due = state.completeDueAt;
  const timers: DesiredTimer[] = [];
  // Policy defaults: 2 h before an urgent deadline; the start of the last working day for a general one.
  const warn = warningAt(state.urgency, due, policy, cal);
  const from = state.dispatchedAt ?? due;
  if (warn.getTime() < due.getTime() && warn.getTime() > from.getTime())
    timers.push({ kind: 'warning', dueAt: warn });
  timers.push({ kind: 'overdue', dueAt: due });
  return timers;
}
