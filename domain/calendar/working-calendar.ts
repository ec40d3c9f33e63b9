/**
 * The working-day calendar (REQUIREMENTS.md, "Conventions that apply everywhere").
 *
 * Monday–Friday are working days, except public holidays (法定节假日); weekend days that the State Council's
 * annual notice declares make-up working days (调休上班) are working days. The calendar is data: only the
 * exceptions to Monday–Friday are stored, together with the set of years whose exceptions are known. A day in a
 * year that is not loaded follows Monday–Friday and is flagged provisional.
 *
 * All day arithmetic is in Asia/Shanghai, which is UTC+8 all year (no daylight saving), so a fixed 8-hour shift
 * is exact and no time-zone database is needed. Dates are 'YYYY-MM-DD' strings.
 */

/** 'holiday' = public holiday (法定节假日); 'workday' = make-up working day on a weekend (调休上班). */
export type CalendarDayKind = 'holiday' | 'workday';

/** One exception to the Monday–Friday rule. */
export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  /** The holiday it belongs to, e.g. 国庆节. */
  name: string;
  /** Where the entry came from, e.g. 'chinese-days' or 'admin'. */
  source?: string;
}

export interface WorkingCalendar {
  /** Years whose holidays and make-up working days are known; other years are provisional. */
  readonly loadedYears: ReadonlySet<number>;
  /** Exceptions to Monday–Friday, keyed by date. */
  readonly days: ReadonlyMap<string, CalendarDay>;
}

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError unless it is a real calendar date. */
function epochDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Invalid date '${date}': expected YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC maps years 0–99 to 1900–1999 and rolls 02-30 over to March; both mean the input was not a date.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`Invalid date '${date}'`);
  }
  return ms / MS_PER_DAY;
}

function fromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('Invalid instant');
  }
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  return fromEpochDay(epochDay(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(epochDay(date) * MS_PER_DAY).getUTCDay();
}

/** The year of a 'YYYY-MM-DD' date. */
export function yearOf(date: string): number {
  epochDay(date);
  return Number(date.slice(0, 4));
}

/** The 'YYYY-MM-DD' date of an instant in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  assertValidInstant(instant);
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00+08:00 of a date, as an instant. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(epochDay(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * Builds the calendar from its stored exceptions and the years they cover. Throws RangeError on a malformed
 * date or year, or on two entries for the same date (the table has one row per date; two here is a bug).
 */
export function buildCalendar(days: readonly CalendarDay[], loadedYears: Iterable<number>): WorkingCalendar {
  const map = new Map<string, CalendarDay>();
  for (const day of days) {
    epochDay(day.date);
    if (day.kind !== 'holiday' && day.kind !== 'workday') {
      throw new RangeError(`Invalid calendar day kind '${String(day.kind)}' on ${day.date}`);
    }
    if (map.has(day.date)) throw new RangeError(`Duplicate calendar entry for ${day.date}`);
    map.set(day.date, { ...day });
  }
  const years = new Set<number>();
  for (const year of loadedYears) {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Invalid year ${year}`);
    years.add(year);
  }
  return { loadedYears: years, days: map };
}

/**
 * Whether `date` is a working day. In a year that is not loaded the stored entries are ignored and
 * Monday–Friday applies, flagged `provisional` (an administrator loads the year once its notice is out).
 */
export function isWorkingDay(cal: WorkingCalendar, date: string): { working: boolean; provisional: boolean } {
  const weekday = dayOfWeek(date);
  const mondayToFriday = weekday >= 1 && weekday <= 5;
  if (!cal.loadedYears.has(yearOf(date))) return { working: mondayToFriday, provisional: true };
  const entry = cal.days.get(date);
  if (!entry) return { working: mondayToFriday, provisional: false };
  return { working: entry.kind === 'workday', provisional: false };
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid number of working days ${n}`);
}

/**
 * The n-th working day after `date` (`date` itself is not counted; n = 0 returns `date`).
 * `provisional` is true when any day counted or skipped lies in a year that is not loaded.
 */
export function addWorkingDays(
  cal: WorkingCalendar,
  date: string,
  n: number,
): { date: string; provisional: boolean } {
  assertCount(n);
  let day = epochDay(date);
  let provisional = false;
  // Terminates: loaded years are finite, and every year beyond them has Monday–Friday working days.
  for (let left = n; left > 0;) {
    day += 1;
    const status = isWorkingDay(cal, fromEpochDay(day));
    provisional ||= status.provisional;
    if (status.working) left -= 1;
  }
  return { date: fromEpochDay(day), provisional };
}

/** The last working day on or before `date`, with the same `provisional` rule as addWorkingDays. */
export function lastWorkingDayOnOrBefore(
  cal: WorkingCalendar,
  date: string,
): { date: string; provisional: boolean } {
  let day = epochDay(date);
  let provisional = false;
  for (;;) {
    const status = isWorkingDay(cal, fromEpochDay(day));
    provisional ||= status.provisional;
    if (status.working) return { date: fromEpochDay(day), provisional };
    day -= 1;
  }
}
