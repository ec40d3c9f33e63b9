/**
 * Seeds the working-day calendar table from the `chinese-days` package (public holidays and make-up working days
 * from the State Council's annual notices, 2004 onwards).
 *
 * We read the package's published data file rather than its functions: its functions answer "is this a working
 * day" for any date, silently treating years it does not know as plain Monday–Friday, and
 * `getWorkdaysInRange(a, b, false)` drops make-up Saturdays. The data file lists exactly what the notices say,
 * with holiday names, so the years it covers can be told from the years it does not.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDay, CalendarDayKind } from '../../domain/calendar/working-calendar.js';

export const CHINESE_DAYS_SOURCE = 'chinese-days';

/** Shape of chinese-days/dist/chinese-days.json: date → "English name,中文名,statutory days". */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** '国庆节' from 'National Day,国庆节,3'. */
function chineseName(raw: string, date: string): string {
  const name = raw.split(',')[1]?.trim();
  if (!name) throw new Error(`chinese-days: unexpected holiday name '${raw}' on ${date}`);
  return name;
}

function entries(map: Record<string, string>, kind: CalendarDayKind): CalendarDay[] {
  return Object.entries(map).map(([date, raw]) => ({
    date,
    kind,
    name: chineseName(raw, date),
    source: CHINESE_DAYS_SOURCE,
  }));
}

/**
 * Every public holiday (including those falling on weekends) and every make-up working day chinese-days knows,
 * sorted by date, and the years it covers (every year with at least one entry; it has no data after 2026).
 */
export function chineseDaysSeed(): { days: CalendarDay[]; years: number[] } {
  const source: ChineseDaysData = data;
  const days = [...entries(source.holidays, 'holiday'), ...entries(source.workdays, 'workday')].sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
  );
  for (let i = 1; i < days.length; i++) {
    if (days[i]?.date === days[i - 1]?.date)
      throw new Error(`chinese-days: ${days[i]?.date} is both holiday and workday`);
  }
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  return { days, years };
}
