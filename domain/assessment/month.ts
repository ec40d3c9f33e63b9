/**
 * Assessment months (R7.1): calendar months in Asia/Shanghai, written 'YYYY-MM'. Shanghai is UTC+8 all year
 * (no daylight saving), so a fixed 8-hour shift is exact and no time-zone database is needed.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type Month = string;

function parts(month: Month): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`Invalid month '${month}': expected YYYY-MM`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

const format = (year: number, month: number): Month => `${year}-${String(month).padStart(2, '0')}`;

/** The instant the month begins: 00:00 of its first day in Shanghai. */
export function monthStart(month: Month): Date {
  const p = parts(month);
  return new Date(Date.UTC(p.year, p.month - 1, 1) - SHANGHAI_OFFSET_MS);
}

/** The instant the month ends (= the next month's start), exclusive for events. */
export function monthEnd(month: Month): Date {
  return monthStart(addMonths(month, 1));
}

export function addMonths(month: Month, n: number): Month {
  const p = parts(month);
  const index = p.year * 12 + (p.month - 1) + n;
  return format(Math.floor(index / 12), (index % 12) + 1);
}

/** The Shanghai month an instant falls in. */
export function monthOf(at: Date): Month {
  const d = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/** The twelve months of a year, January first. */
export function monthsOfYear(year: number): Month[] {
  return Array.from({ length: 12 }, (_, i) => format(year, i + 1));
}

/** '2026年11月' */
export function monthZh(month: Month): string {
  const p = parts(month);
  return `${p.year}年${p.month}月`;
}
