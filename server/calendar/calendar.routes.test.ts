import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
beforeAll(async () => {
  t = await startTestApp({ now: new Date('2026-12-02T10:00:00+08:00') });
  operator = await t.as('operator');
});
afterAll(() => t.close());

describe('deadline preview and calendar status', () => {
  it('R4.4.2 previews 5 working days from the afternoon before National Day 2026 as 24:00 of 13 October', async () => {
    const res = await operator.get(
      '/api/v1/calendar/deadline?from=2026-09-30T15:00:00%2B08:00&workingDays=5',
    );
    expect(res.json()).toEqual({
      dueAt: new Date('2026-10-14T00:00:00+08:00').toISOString(),
      provisionalCalendar: false,
    });
  });
  it('R4.4.1 previews 24 hours on the wall clock, holidays included', async () => {
    const res = await operator.get('/api/v1/calendar/deadline?from=2026-10-01T08:00:00%2B08:00&hours=24');
    expect(res.json()).toEqual({
      dueAt: new Date('2026-10-02T08:00:00+08:00').toISOString(),
      provisionalCalendar: false,
    });
  });
  it('flags a deadline in a year with no calendar as provisional', async () => {
    const res = await operator.get(
      '/api/v1/calendar/deadline?from=2026-12-29T10:00:00%2B08:00&workingDays=5',
    );
    expect(res.json()).toMatchObject({ provisionalCalendar: true });
  });
  it('asks for one of workingDays or hours', async () => {
    const res = await operator.get('/api/v1/calendar/deadline?from=2026-12-29T10:00:00%2B08:00');
    expect(res.statusCode).toBe(400);
  });
  it('warns from 1 December that next year is missing', async () => {
    const status = (await operator.get('/api/v1/calendar/status')).json() as {
      years: number[];
      warnings: string[];
    };
    expect(status.years).toContain(2026);
    expect(status.years).not.toContain(2027);
    expect(status.warnings.join()).toContain('2027');
  });
});
