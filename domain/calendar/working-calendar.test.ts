import { describe, it, expect } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  buildCalendar,
  dayOfWeek,
  isWorkingDay,
  lastWorkingDayOnOrBefore,
  shanghaiDate,
  startOfShanghaiDay,
  type CalendarDay,
} from './working-calendar.js';

/** A small hand-made calendar: 2026 loaded with part of National Day 2026, plus an entry for unloaded 2027. */
const days: CalendarDay[] = [
  { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-10', kind: 'workday', name: '国庆节' },
  { date: '2027-10-01', kind: 'holiday', name: '国庆节', source: 'admin' },
];
const cal = buildCalendar(days, [2026]);

describe('Asia/Shanghai dates (Conventions: time zone)', () => {
  it.each([
    ['2026-09-29T15:59:59.999Z', '2026-09-29'],
    ['2026-09-29T16:00:00.000Z', '2026-09-30'],
    ['2026-09-30T23:59:59+08:00', '2026-09-30'],
    ['2026-12-31T16:00:00Z', '2027-01-01'],
    ['2024-02-29T12:00:00+08:00', '2024-02-29'],
  ])('when the instant is %s, then the Shanghai date is %s', (instant, date) => {
    expect(shanghaiDate(new Date(instant))).toBe(date);
  });

  it.each([
    ['2026-10-14', '2026-10-13T16:00:00.000Z'],
    ['2027-01-01', '2026-12-31T16:00:00.000Z'],
    ['2024-02-29', '2024-02-28T16:00:00.000Z'],
  ])('when the date is %s, then its 00:00+08:00 is %s', (date, iso) => {
    expect(startOfShanghaiDay(date).toISOString()).toBe(iso);
  });

  it.each(['2026-02-30', '2026-9-1', '2026-13-01', '0099-01-01', '', '2026-10-01T00:00'])(
    'when the date string is %j, then it is rejected',
    (date) => {
      expect(() => startOfShanghaiDay(date)).toThrow(RangeError);
    },
  );

  it('when the instant is invalid, then shanghaiDate rejects it', () => {
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it.each([
    ['2026-09-30', 3], // Wednesday
    ['2026-10-10', 6], // Saturday
    ['2026-10-11', 0], // Sunday
    ['2027-01-01', 5], // Friday
  ])('when the date is %s, then its weekday is %i', (date, weekday) => {
    expect(dayOfWeek(date)).toBe(weekday);
  });

  it('when calendar days are added across a month, year and leap day, then the date rolls over', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('working days (Conventions: working-day calendar)', () => {
  it.each([
    ['2026-10-01', false, false, 'a weekday public holiday'],
    ['2026-10-10', true, false, 'a make-up Saturday'],
    ['2026-10-11', false, false, 'an ordinary Sunday'],
    ['2026-10-12', true, false, 'an ordinary Monday'],
    ['2027-10-01', true, true, 'a Friday in an unloaded year (its stored holiday is not yet authoritative)'],
    ['2027-10-02', false, true, 'a Saturday in an unloaded year'],
  ])('when the date is %s, then working=%s provisional=%s (%s)', (date, working, provisional) => {
    expect(isWorkingDay(cal, date)).toEqual({ working, provisional });
  });

  it('when the year is loaded, then its stored entries count and provisional is false', () => {
    const loaded = buildCalendar(days, [2026, 2027]);
    expect(isWorkingDay(loaded, '2027-10-01')).toEqual({ working: false, provisional: false });
  });

  it.each([
    ['2026-09-30', 1, '2026-10-05', false], // Oct 1–2 holidays, Oct 3–4 weekend
    ['2026-09-30', 4, '2026-10-08', false],
    ['2026-10-08', 2, '2026-10-10', false], // the make-up Saturday counts
    ['2026-12-30', 1, '2026-12-31', false],
    ['2026-12-31', 1, '2027-01-01', true], // the count reaches an unloaded year
    ['2026-10-01', 0, '2026-10-01', false],
  ])(
    'when counting from %s by %i working days, then it lands on %s (provisional %s)',
    (from, n, date, provisional) => {
      expect(addWorkingDays(cal, from, n)).toEqual({ date, provisional });
    },
  );

  it('when a count crosses into a year that is not loaded, then it is provisional', () => {
    // Thursday 2027-12-30 → Friday 31st (1) → weekend of 2028 → Monday 2028-01-03 (2).
    const only2027 = buildCalendar([], [2027, 2028]);
    expect(addWorkingDays(only2027, '2027-12-30', 2)).toEqual({ date: '2028-01-03', provisional: false });
    const noNext = buildCalendar([], [2027]);
    expect(addWorkingDays(noNext, '2027-12-30', 2)).toEqual({ date: '2028-01-03', provisional: true });
  });

  it.each([-1, 1.5, Number.NaN])('when the number of working days is %s, then it is rejected', (n) => {
    expect(() => addWorkingDays(cal, '2026-10-01', n)).toThrow(RangeError);
  });

  it.each([
    ['2026-10-02', '2026-09-30', false],
    ['2026-10-11', '2026-10-10', false],
    ['2026-10-12', '2026-10-12', false],
    ['2027-01-03', '2027-01-01', true], // Sunday in unloaded 2027: back to Friday, Mon–Fri rule
  ])(
    'when looking back from %s, then the last working day is %s (provisional %s)',
    (date, last, provisional) => {
      expect(lastWorkingDayOnOrBefore(cal, date)).toEqual({ date: last, provisional });
    },
  );
});

describe('buildCalendar', () => {
  it('when two entries share a date, then it is rejected', () => {
    expect(() =>
      buildCalendar(
        [
          { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
          { date: '2026-10-01', kind: 'workday', name: '国庆节' },
        ],
        [2026],
      ),
    ).toThrow(RangeError);
  });

  it.each([
    [[{ date: '2026-10-32', kind: 'holiday', name: 'x' }], [2026]],
    [[{ date: '2026-10-01', kind: 'weekend', name: 'x' }], [2026]],
    [[], [2026.5]],
    [[], [26]],
  ])('when the input is malformed (%j, %j), then it is rejected', (input, years) => {
    expect(() => buildCalendar(input as CalendarDay[], years)).toThrow(RangeError);
  });

  it('when the input array is changed afterwards, then the calendar is not', () => {
    const input: CalendarDay[] = [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }];
    const years = [2026];
    const built = buildCalendar(input, years);
    input.push({ date: '2026-10-12', kind: 'holiday', name: 'x' });
    years.push(2027);
    expect(built.days.size).toBe(1);
    expect(built.loadedYears.has(2027)).toBe(false);
  });
});
