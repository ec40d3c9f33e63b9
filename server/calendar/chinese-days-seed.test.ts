import { describe, it, expect } from 'vitest';
import {
  addCalendarDays,
  buildCalendar,
  dayOfWeek,
  isWorkingDay,
} from '../../domain/calendar/working-calendar.js';
import { chineseDaysSeed } from './chinese-days-seed.js';

const seed = chineseDaysSeed();
const ofYear = (year: string, kind: 'holiday' | 'workday') =>
  seed.days.filter((d) => d.date.startsWith(year) && d.kind === kind).map((d) => `${d.date} ${d.name}`);

describe('chinese-days seed of the working-day calendar (Conventions: calendar is data)', () => {
  it('when seeded, then it covers 2004–2026 and nothing after', () => {
    expect(seed.years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(seed.days.some((d) => d.date >= '2027')).toBe(false);
  });

  it('when seeded, then 2026 matches the State Council notice (国办发明电〔2025〕7号) day for day', () => {
    const range = (from: string, to: string, name: string): string[] => {
      const out: string[] = [];
      for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(`${d} ${name}`);
      return out;
    };
    expect(ofYear('2026', 'holiday')).toEqual([
      ...range('2026-01-01', '2026-01-03', '元旦'),
      ...range('2026-02-15', '2026-02-23', '春节'),
      ...range('2026-04-04', '2026-04-06', '清明'),
      ...range('2026-05-01', '2026-05-05', '劳动节'),
      ...range('2026-06-19', '2026-06-21', '端午'),
      ...range('2026-09-25', '2026-09-27', '中秋'),
      ...range('2026-10-01', '2026-10-07', '国庆节'),
    ]);
    expect(ofYear('2026', 'workday')).toEqual([
      '2026-01-04 元旦',
      '2026-02-14 春节',
      '2026-02-28 春节',
      '2026-05-09 劳动节',
      '2026-09-20 国庆节',
      '2026-10-10 国庆节',
    ]);
  });

  it('when seeded, then 2025 has its 28 holiday days and 5 make-up working days (国办发明电〔2024〕12号)', () => {
    expect(ofYear('2025', 'holiday')).toHaveLength(28);
    expect(ofYear('2025', 'workday')).toEqual([
      '2025-01-26 春节',
      '2025-02-08 春节',
      '2025-04-27 劳动节',
      '2025-09-28 国庆节',
      '2025-10-11 国庆节',
    ]);
  });

  it('when seeded, then one-off holidays are kept and every entry is sourced and on a sensible weekday', () => {
    expect(seed.days).toContainEqual({
      date: '2015-09-03',
      kind: 'holiday',
      name: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
      source: 'chinese-days',
    });
    expect(seed.days.every((d) => d.source === 'chinese-days' && d.name.length > 0)).toBe(true);
    // A make-up working day only means something on a weekend.
    expect(seed.days.filter((d) => d.kind === 'workday' && ![0, 6].includes(dayOfWeek(d.date)))).toEqual([]);
    expect(new Set(seed.days.map((d) => d.date)).size).toBe(seed.days.length);
  });

  it('when loaded, then every day 2004–2026 is a working day exactly when chinese-days says so', async () => {
    const cal = buildCalendar(seed.days, seed.years);
    const mismatches: string[] = [];
    // chinese-days builds its tables and reads dates in the process's local zone, which puts it a day off west
    // of UTC; so load and ask it in the city's own zone (Node applies a TZ change at once), then restore the zone.
    const savedTz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const { default: cd } = await import('chinese-days');
      for (let d = '2004-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
        const ours = isWorkingDay(cal, d);
        if (ours.provisional || ours.working !== cd.isWorkday(d)) mismatches.push(d);
      }
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
    expect(mismatches).toEqual([]);
  });
});
