/**
 * Deadlines (限时办结, R4.4) and the other clocks a dispatch starts, computed from the policy version the ticket
 * is pinned to and the working-day calendar.
 *
 * Counting follows the Civil Code (Art. 201–203): the day a clock starts is not counted, and a period of N
 * working days ends at 24:00 of the N-th working day — stored as the instant 00:00+08:00 of the next calendar
 * day. Periods in hours run on the wall clock, holidays included.
 */
import type { PolicyData } from '../../shared/policy.js';
import type { Urgency } from '../../shared/enums.js';
import {
  addCalendarDays,
  addWorkingDays,
  lastWorkingDayOnOrBefore,
  shanghaiDate,
  startOfShanghaiDay,
  type WorkingCalendar,
} from './working-calendar.js';

const MS_PER_HOUR = 3_600_000;

function assertValidInstant(instant: Date, what: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError(`Invalid ${what}`);
}

/**
 * End of a period of `n` working days that starts at `from`: 24:00 of the n-th working day after the
 * (Shanghai) day of `from`. `provisionalCalendar` is true when the count touched a year with no loaded calendar.
 */
export function workingDaysDeadline(
  cal: WorkingCalendar,
  from: Date,
  n: number,
): { dueAt: Date; provisionalCalendar: boolean } {
  assertValidInstant(from, 'start instant');
  const last = addWorkingDays(cal, shanghaiDate(from), n);
  return { dueAt: startOfShanghaiDay(addCalendarDays(last.date, 1)), provisionalCalendar: last.provisional };
}

/** End of a period of `hours` wall-clock hours from `from`; holidays do not stop the clock. */
export function hoursDeadline(from: Date, hours: number): { dueAt: Date; provisionalCalendar: false } {
  assertValidInstant(from, 'start instant');
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Invalid number of hours ${hours}`);
  return { dueAt: new Date(from.getTime() + hours * MS_PER_HOUR), provisionalCalendar: false };
}

/** The clocks a dispatch starts for the receiving unit. */
export interface DispatchDeadlines {
  /** R4.3.2 general: verify (核实) by then; null for urgent tickets, which go to the site at once (R4.3.1). */
  verifyDueAt: Date | null;
  /** R4.4.1 / R4.4.2: complete (办结) by then. */
  completeDueAt: Date;
  provisionalCalendar: boolean;
}

/**
 * R4.4.1 urgent: complete within `urgentCompleteHours` of dispatch (wall clock).
 * R4.3.2 general: verify within `generalVerifyHours` of dispatch (wall clock);
 * R4.4.2 general: complete by 24:00 of the `generalCompleteWorkingDays`-th working day after the day of dispatch.
 */
export function dispatchDeadlines(
  urgency: Urgency,
  dispatchedAt: Date,
  policy: PolicyData,
  cal: WorkingCalendar,
): DispatchDeadlines {
  switch (urgency) {
    case 'urgent': {
      const complete = hoursDeadline(dispatchedAt, policy.urgentCompleteHours);
      return { verifyDueAt: null, completeDueAt: complete.dueAt, provisionalCalendar: false };
    }
    case 'general': {
      const verify = hoursDeadline(dispatchedAt, policy.generalVerifyHours);
      const complete = workingDaysDeadline(cal, dispatchedAt, policy.generalCompleteWorkingDays);
      return {
        verifyDueAt: verify.dueAt,
        completeDueAt: complete.dueAt,
        provisionalCalendar: complete.provisionalCalendar,
      };
    }
  }
}

/**
 * Until when the unit may return (退单) a dispatched ticket: urgent, `returnWindowUrgentHours` after dispatch;
 * general, 24:00 of the `returnWindowGeneralWorkingDays`-th working day after the day of dispatch.
 */
export function returnWindowEnd(
  urgency: Urgency,
  dispatchedAt: Date,
  policy: PolicyData,
  cal: WorkingCalendar,
): { dueAt: Date; provisionalCalendar: boolean } {
  switch (urgency) {
    case 'urgent':
      return hoursDeadline(dispatchedAt, policy.returnWindowUrgentHours);
    case 'general':
      return workingDaysDeadline(cal, dispatchedAt, policy.returnWindowGeneralWorkingDays);
  }
}

/**
 * When to warn the unit that its deadline is near. Urgent: `urgentWarnBeforeHours` before it. General: at
 * 00:00+08:00 of the last working day before the deadline — for a working-day deadline, the morning of the N-th
 * working day; for a promised date (R4.4.3), the last working day on or before it. The result may precede the
 * dispatch when the deadline is very short; callers that schedule it should treat that as "warn now".
 */
export function warningAt(
  urgency: Urgency,
  completeDueAt: Date,
  policy: PolicyData,
  cal: WorkingCalendar,
): Date {
  assertValidInstant(completeDueAt, 'deadline');
  switch (urgency) {
    case 'urgent':
      return new Date(completeDueAt.getTime() - policy.urgentWarnBeforeHours * MS_PER_HOUR);
    case 'general': {
      // The deadline instant itself belongs to the day it ends (24:00), hence the step back of one millisecond.
      const lastDay = shanghaiDate(new Date(completeDueAt.getTime() - 1));
      return startOfShanghaiDay(lastWorkingDayOnOrBefore(cal, lastDay).date);
    }
  }
}
