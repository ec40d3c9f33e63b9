/**
 * Deadline tables against the real calendar seed (chinese-days). Expected values were counted by hand from the
 * State Council notices: 2026 (国办发明电〔2025〕7号) — 元旦 1/1–1/3, 1/4 (Sun) worked; 春节 2/15–2/23, 2/14 (Sat)
 * and 2/28 (Sat) worked; 中秋 9/25–9/27; 国庆 10/1–10/7, 9/20 (Sun) and 10/10 (Sat) worked.
 */
import { describe, it, expect } from 'vitest';
import { DEFAULT_POLICY, type PolicyData } from '../../shared/policy.js';
import type { Urgency } from '../../shared/enums.js';
// Test only: the deadline tables run on the real seed data, not on a hand-made copy of it.
import { chineseDaysSeed } from '../../server/calendar/chinese-days-seed.js';
import { buildCalendar, type CalendarDay } from './working-calendar.js';
import {
  dispatchDeadlines,
  hoursDeadline,
  returnWindowEnd,
  warningAt,
  workingDaysDeadline,
} from './deadline.js';

const seed = chineseDaysSeed();
const cal = buildCalendar(seed.days, seed.years);
const policy = DEFAULT_POLICY;
const at = (iso: string): Date => new Date(iso);
const iso = (s: string): string => new Date(s).toISOString();

describe('R4.4.2 general tickets: 5 working days, the day of dispatch not counted', () => {
  it.each([
    // dispatchedAt, completeDueAt, story
    [
      '2026-09-30T15:00:00+08:00',
      '2026-10-14T00:00:00+08:00',
      'afternoon before National Day: 10/8, 9, 10 (Sat), 12, 13',
    ],
    [
      '2026-02-13T16:00:00+08:00',
      '2026-02-28T00:00:00+08:00',
      'Friday before Spring Festival: 2/14 (Sat), 24, 25, 26, 27',
    ],
    [
      '2026-02-14T10:00:00+08:00',
      '2026-03-01T00:00:00+08:00',
      'on the make-up Saturday: 2/24–27 and 2/28 (Sat)',
    ],
    ['2026-10-03T10:00:00+08:00', '2026-10-14T00:00:00+08:00', 'during the National Day holiday'],
    [
      '2026-09-20T09:00:00+08:00',
      '2026-09-29T00:00:00+08:00',
      'on the make-up Sunday; Fri 9/25 中秋 is skipped',
    ],
    [
      '2025-12-31T10:00:00+08:00',
      '2026-01-09T00:00:00+08:00',
      'New Year across years: 1/4 (Sun), 5, 6, 7, 8',
    ],
    ['2026-12-23T10:00:00+08:00', '2026-12-31T00:00:00+08:00', 'plain week before New Year 2027'],
  ])('R4.4.2 when dispatched %s, then due %s (%s)', (dispatched, due) => {
    const d = dispatchDeadlines('general', at(dispatched), policy, cal);
    expect(d.completeDueAt.toISOString()).toBe(iso(due));
    expect(d.provisionalCalendar).toBe(false);
  });

  it('R4.3.2 general ticket dispatched 2026-09-30 15:00 is verified within 24 wall-clock hours, holiday or not', () => {
    const d = dispatchDeadlines('general', at('2026-09-30T15:00:00+08:00'), policy, cal);
    expect(d.verifyDueAt?.toISOString()).toBe(iso('2026-10-01T15:00:00+08:00'));
  });

  it.each([
    ['2026-09-29T23:59:59+08:00', '2026-10-13T00:00:00+08:00', '2026-09-30T23:59:59+08:00'],
    ['2026-09-30T00:00:00+08:00', '2026-10-14T00:00:00+08:00', '2026-10-01T00:00:00+08:00'],
    ['2026-09-29T16:00:00Z', '2026-10-14T00:00:00+08:00', '2026-10-01T00:00:00+08:00'],
    ['2026-09-30T23:59:59+08:00', '2026-10-14T00:00:00+08:00', '2026-10-01T23:59:59+08:00'],
    ['2026-10-07T23:59:59+08:00', '2026-10-14T00:00:00+08:00', '2026-10-08T23:59:59+08:00'],
    ['2026-10-08T00:00:00+08:00', '2026-10-15T00:00:00+08:00', '2026-10-09T00:00:00+08:00'],
  ])(
    'R4.4.2 when dispatched at the day boundary %s, then complete by %s and verify by %s (Shanghai day decides)',
    (dispatched, due, verify) => {
      const d = dispatchDeadlines('general', at(dispatched), policy, cal);
      expect(d.completeDueAt.toISOString()).toBe(iso(due));
      expect(d.verifyDueAt?.toISOString()).toBe(iso(verify));
    },
  );

  it('R4.4.2 / R11.1 when the policy says 3 working days, then the deadline follows the policy', () => {
    const short: PolicyData = { ...policy, generalCompleteWorkingDays: 3 };
    const d = dispatchDeadlines('general', at('2026-09-30T15:00:00+08:00'), short, cal);
    expect(d.completeDueAt.toISOString()).toBe(iso('2026-10-11T00:00:00+08:00')); // 10/8, 9, 10 (Sat)
  });
});

describe('R4.4.1 urgent tickets: 24 wall-clock hours, holidays included', () => {
  it.each([
    ['2026-09-30T20:00:00+08:00', '2026-10-01T20:00:00+08:00'],
    ['2026-02-16T09:30:00+08:00', '2026-02-17T09:30:00+08:00'],
    ['2026-09-30T23:59:59+08:00', '2026-10-01T23:59:59+08:00'],
    ['2026-12-31T12:00:00+08:00', '2027-01-01T12:00:00+08:00'],
  ])(
    'R4.4.1 when an urgent ticket is dispatched %s, then it is due %s, with no verify clock',
    (dispatched, due) => {
      const d = dispatchDeadlines('urgent', at(dispatched), policy, cal);
      expect(d).toEqual({ verifyDueAt: null, completeDueAt: new Date(due), provisionalCalendar: false });
    },
  );

  it('R4.4.1 hoursDeadline rejects a negative or non-finite number of hours', () => {
    expect(() => hoursDeadline(at('2026-09-30T20:00:00+08:00'), -1)).toThrow(RangeError);
    expect(() => hoursDeadline(at('2026-09-30T20:00:00+08:00'), Number.POSITIVE_INFINITY)).toThrow(
      RangeError,
    );
  });
});

describe('years with no loaded calendar are Monday–Friday and provisional (Conventions)', () => {
  const hypothetical2027: CalendarDay[] = [
    // Not the real 2027 notice (unpublished when this was written): an administrator's entry, to see the effect.
    ...['01', '02', '03', '04', '05', '06', '07'].map((d): CalendarDay => ({
      date: `2027-10-${d}`,
      kind: 'holiday',
      name: '国庆节',
      source: 'admin',
    })),
    { date: '2027-10-09', kind: 'workday', name: '国庆节', source: 'admin' },
  ];

  it('R4.4.2 when 2027 is not loaded, then a ticket dispatched Thu 2027-09-30 counts Mon–Fri and is provisional', () => {
    const d = dispatchDeadlines('general', at('2027-09-30T15:00:00+08:00'), policy, cal);
    expect(d.completeDueAt.toISOString()).toBe(iso('2027-10-08T00:00:00+08:00')); // 10/1, 4, 5, 6, 7
    expect(d.provisionalCalendar).toBe(true);
  });

  it('R4.4.2 when an administrator loads 2027 with National Day, then the deadline moves and is no longer provisional', () => {
    const with2027 = buildCalendar([...seed.days, ...hypothetical2027], [...seed.years, 2027]);
    const d = dispatchDeadlines('general', at('2027-09-30T15:00:00+08:00'), policy, with2027);
    expect(d.completeDueAt.toISOString()).toBe(iso('2027-10-14T00:00:00+08:00')); // 10/8, 9 (Sat), 11, 12, 13
    expect(d.provisionalCalendar).toBe(false);
  });

  it('R4.4.2 when 2027 days are entered but the year is not marked loaded, then Mon–Fri still applies', () => {
    const notLoaded = buildCalendar([...seed.days, ...hypothetical2027], seed.years);
    const d = dispatchDeadlines('general', at('2027-09-30T15:00:00+08:00'), policy, notLoaded);
    expect(d.completeDueAt.toISOString()).toBe(iso('2027-10-08T00:00:00+08:00'));
    expect(d.provisionalCalendar).toBe(true);
  });

  it.each([
    ['2026-12-24T10:00:00+08:00', '2027-01-01T00:00:00+08:00', false, '12/25, 28, 29, 30, 31 — all in 2026'],
    [
      '2026-12-25T10:00:00+08:00',
      '2027-01-02T00:00:00+08:00',
      true,
      '12/28–31 and Fri 2027-01-01 (unknown year)',
    ],
    ['2026-12-29T10:00:00+08:00', '2027-01-06T00:00:00+08:00', true, '12/30, 31, 2027-01-01, 04, 05'],
  ])(
    'R4.4.2 when dispatched %s across the year boundary, then due %s, provisional %s (%s)',
    (from, due, prov) => {
      const d = workingDaysDeadline(cal, at(from), 5);
      expect(d.dueAt.toISOString()).toBe(iso(due));
      expect(d.provisionalCalendar).toBe(prov);
    },
  );
});

describe('return window (退单时限, policy)', () => {
  it.each<[Urgency, string, string, string]>([
    [
      'general',
      '2026-09-30T15:00:00+08:00',
      '2026-10-09T00:00:00+08:00',
      'end of 10/8, the first working day',
    ],
    [
      'general',
      '2026-02-13T16:00:00+08:00',
      '2026-02-15T00:00:00+08:00',
      'end of 2/14, the make-up Saturday',
    ],
    ['general', '2026-12-31T10:00:00+08:00', '2027-01-02T00:00:00+08:00', 'end of 2027-01-01, provisional'],
    ['urgent', '2026-09-30T23:30:00+08:00', '2026-10-01T00:30:00+08:00', 'one wall-clock hour'],
  ])(
    'R4.2 when a %s ticket is dispatched %s, then it may be returned until %s (%s)',
    (urgency, from, end) => {
      const w = returnWindowEnd(urgency, at(from), policy, cal);
      expect(w.dueAt.toISOString()).toBe(iso(end));
      expect(w.provisionalCalendar).toBe(from.startsWith('2026-12-31'));
    },
  );
});

describe('deadline warnings', () => {
  it.each<[Urgency, string, string, string]>([
    ['urgent', '2026-10-01T20:00:00+08:00', '2026-10-01T18:00:00+08:00', 'two hours before'],
    ['general', '2026-10-14T00:00:00+08:00', '2026-10-13T00:00:00+08:00', 'morning of the 5th working day'],
    ['general', '2026-02-28T00:00:00+08:00', '2026-02-27T00:00:00+08:00', 'morning of Fri 2/27'],
    ['general', '2026-03-01T00:00:00+08:00', '2026-02-28T00:00:00+08:00', 'morning of the make-up Saturday'],
    [
      'general',
      '2026-10-11T12:00:00+08:00',
      '2026-10-10T00:00:00+08:00',
      'promised Sunday: back to make-up Sat',
    ],
    [
      'general',
      '2026-10-08T00:00:00+08:00',
      '2026-09-30T00:00:00+08:00',
      'promised end of holiday: back to 9/30',
    ],
    ['general', '2026-10-20T18:00:00+08:00', '2026-10-20T00:00:00+08:00', 'promised during a working day'],
  ])('R4.4 when a %s ticket is due %s, then the unit is warned at %s (%s)', (urgency, due, warn) => {
    expect(warningAt(urgency, at(due), policy, cal).toISOString()).toBe(iso(warn));
  });
});
