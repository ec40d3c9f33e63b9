import { describe, expect, it } from 'vitest';
import { parseCalendar } from './calendar-import.js';

describe('calendar import', () => {
  it('reads the simple CSV with a header, Chinese kind words and full-width commas', () => {
    const r = parseCalendar(
      'csv',
      '日期,类型,名称\n2027-10-01,休,国庆节\n2027-10-09，班，国庆节调休\n',
      2027,
      'csv',
    );
    expect(r).toEqual({
      ok: true,
      days: [
        { date: '2027-10-01', kind: 'holiday', name: '国庆节', source: 'csv' },
        { date: '2027-10-09', kind: 'workday', name: '国庆节调休', source: 'csv' },
      ],
    });
  });
  it('reads JSON as an array or {days}', () => {
    const r = parseCalendar(
      'json',
      JSON.stringify({ days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] }),
      2027,
      'json',
    );
    expect(r.ok && r.days.map((d) => d.date)).toEqual(['2027-01-01']);
  });
  it('reads the holiday-cn JSON as published ({year, days: [{date, name, isOffDay}]})', () => {
    const published = JSON.stringify({
      $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
      $id: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2027.json',
      year: 2027,
      papers: ['http://www.gov.cn/'],
      days: [
        { name: '元旦', date: '2027-01-01', isOffDay: true },
        { name: '春节', date: '2027-02-06', isOffDay: true },
        { name: '春节', date: '2027-02-14', isOffDay: false },
      ],
    });
    const r = parseCalendar('json', published, 2027, 'json');
    expect(r).toEqual({
      ok: true,
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'json' },
        { date: '2027-02-06', kind: 'holiday', name: '春节', source: 'json' },
        { date: '2027-02-14', kind: 'workday', name: '春节', source: 'json' },
      ],
    });
  });
  it('expands multi-day iCalendar events, DTEND exclusive, and tells 班 from 休', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20271001',
      'DTEND;VALUE=DATE:20271004',
      'SUMMARY:国庆节 休',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20271009',
      'SUMMARY:国庆节 班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const r = parseCalendar('ics', ics, 2027, 'ics');
    expect(r.ok && r.days.map((d) => `${d.date}:${d.kind}:${d.name}`)).toEqual([
      '2027-10-01:holiday:国庆节',
      '2027-10-02:holiday:国庆节',
      '2027-10-03:holiday:国庆节',
      '2027-10-09:workday:国庆节',
    ]);
  });
  it('refuses bad lines with their line numbers and imports nothing', () => {
    const r = parseCalendar(
      'csv',
      '2027-13-01,休,x\n2026-10-01,休,x\n2027-10-02,maybe,x\n2027-10-03,休,x\n2027-10-03,休,x\n2027-02-29,休,x',
      2027,
      'csv',
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.line)).toEqual([1, 2, 3, 5, 6]);
  });
});
