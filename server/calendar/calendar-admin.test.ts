/**
 * Calendar as data and policy versions: a provisional deadline is recomputed when its year is
 * loaded; a policy change never moves an existing ticket's deadlines (R11.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp({ now: new Date('2026-12-28T10:00:00+08:00') });
  operator = await t.as('operator');
  admin = await t.as('admin');
});
afterAll(() => t.close());

type Ticket = { id: string; deadlines: { completeDueAt: string; provisionalCalendar: boolean } };
async function dispatchedGeneral(): Promise<Ticket> {
  const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' }))).json() as {
    id: string;
  };
  return (
    await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('S220204-BJL') })
  ).json() as Ticket;
}

describe('a year with no calendar', () => {
  it('R4.4.2 is counted Mon–Fri and flagged provisional, then recomputed when the year is imported', async () => {
    const ticket = await dispatchedGeneral();
    // Mon 28 Dec 2026 + 5 working days: 29, 30, 31 Dec, Fri 1 Jan 2027 (unknown year: a weekday), Mon 4 Jan.
    expect(ticket.deadlines).toMatchObject({
      completeDueAt: new Date('2027-01-05T00:00:00+08:00').toISOString(),
      provisionalCalendar: true,
    });

    const bad = await admin.post('/api/v1/calendar/years/2027/import', {
      format: 'csv',
      content: '2027-01-01,休,元旦\n2027-02-30,休,x',
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('content:2');
    expect(
      ((await operator.get(`/api/v1/tickets/${ticket.id}`)).json() as Ticket).deadlines.provisionalCalendar,
    ).toBe(true);

    expect(
      (
        await operator.post('/api/v1/calendar/years/2027/import', {
          format: 'csv',
          content: '2027-01-01,休,元旦',
        })
      ).statusCode,
    ).toBe(403);

    const ok = await admin.post('/api/v1/calendar/years/2027/import', {
      format: 'csv',
      content: '日期,类型,名称\n2027-01-01,休,元旦\n',
    });
    expect(ok.json()).toMatchObject({ year: 2027, days: 1, recomputedTickets: 1 });
    const after = (await operator.get(`/api/v1/tickets/${ticket.id}`)).json() as Ticket;
    expect(after.deadlines).toMatchObject({
      completeDueAt: new Date('2027-01-06T00:00:00+08:00').toISOString(),
      provisionalCalendar: false,
    });
    const events = (await operator.get(`/api/v1/tickets/${ticket.id}/events`)).json() as {
      action: string;
      data: Record<string, unknown>;
    }[];
    expect(events.at(-1)).toMatchObject({
      action: 'deadline-recomputed',
      data: {
        previousDueAt: new Date('2027-01-05T00:00:00+08:00').toISOString(),
        provisionalCalendar: false,
      },
    });
    const status = (await operator.get('/api/v1/calendar/status')).json() as {
      years: number[];
      warnings: string[];
    };
    expect(status.years).toContain(2027);
    expect(status.warnings).toEqual([]);

    // R4.4: the deadline moved, so the unit that handles the ticket is told, with the old and the new deadline;
    // a general ticket's leader is not, nor another unit.
    const code = (await operator.get(`/api/v1/tickets/${ticket.id}`)).json() as { code: string };
    const moved = (await notices(await t.as('s220204-bjl.handler'), ticket.id)).filter(
      (n) => n.kind !== 'dispatch',
    );
    expect(moved.map((n) => [n.kind, n.title])).toEqual([['deadline-moved', `办结时限调整：${code.code}`]]);
    expect(moved[0]?.body).toContain('导入 2027 年工作日历');
    expect(moved[0]?.body).toContain('由 2027-01-05 00:00 调整为 2027-01-06 00:00');
    expect(await notices(await t.as('s220204-bjl.leader'), ticket.id)).toEqual([]);
    expect(await notices(await t.as('s220204-ds.handler'), ticket.id)).toEqual([]);
  });
});

type Notice = { ticketId: string | null; kind: string; title: string; body: string };
async function notices(c: Client, ticketId: string, lang?: string): Promise<Notice[]> {
  const res = await c.inject({
    method: 'GET',
    url: '/api/v1/notifications?limit=200',
    headers: lang ? { 'accept-language': lang } : {},
  });
  return (res.json() as Notice[]).filter((n) => n.ticketId === ticketId);
}

describe('a calendar change that moves a deadline into its warning window', () => {
  let w: TestApp;
  beforeAll(async () => {
    // Thu 31 Dec 2026; 2027 has no calendar yet.
    w = await startTestApp({ now: new Date('2026-12-31T10:00:00+08:00') });
  });
  afterAll(() => w.close());

  it('warns the unit at once (R4.4), in each reader’s language', async () => {
    const op = await w.as('operator');
    const { id } = (await op.post('/api/v1/tickets', ticketBody({ urgency: 'general' }))).json() as {
      id: string;
    };
    const dispatched = await op.post(`/api/v1/tickets/${id}/dispatch`, {
      unitId: w.units.get('S220204-BJL'),
    });
    // Fri 1 Jan (taken as a weekday), Mon 4 … Thu 7 Jan: due at the end of Thu 7 Jan, provisional.
    expect(dispatched.json()).toMatchObject({
      deadlines: {
        completeDueAt: new Date('2027-01-08T00:00:00+08:00').toISOString(),
        provisionalCalendar: true,
      },
    });
    // Wed 6 Jan: the last working day (Thu 7) has not begun, so nothing warns yet.
    w.clock.set(new Date('2027-01-06T10:00:00+08:00'));
    await w.ctx.timers.sweep();
    const handler = await w.as('s220204-bjl.handler');
    expect((await notices(handler, id)).map((n) => n.kind)).toEqual(['dispatch']);

    // The notice for 2027 makes Sat 2 and Sun 3 Jan working days: the deadline moves to the end of Wed 6 Jan,
    // today — inside the warning window.
    const ok = await (
      await w.as('admin')
    ).post('/api/v1/calendar/years/2027/import', {
      format: 'csv',
      content: '2027-01-01,休,元旦\n2027-01-02,班,元旦调休\n2027-01-03,班,元旦调休\n',
    });
    expect(ok.json()).toMatchObject({ recomputedTickets: 1 });
    const zh = await notices(handler, id);
    expect(zh.map((n) => n.kind).sort()).toEqual(['deadline-moved', 'deadline-warning', 'dispatch']);
    expect(zh.find((n) => n.kind === 'deadline-moved')?.body).toContain(
      '由 2027-01-08 00:00 调整为 2027-01-07 00:00',
    );
    // The same notices read in English.
    const en = await notices(handler, id, 'en');
    expect(en.find((n) => n.kind === 'deadline-moved')?.body).toContain(
      'Because the 2027 working-day calendar was imported, the deadline of ticket',
    );
    expect(en.find((n) => n.kind === 'deadline-warning')?.title).toMatch(/^Deadline near: /);
    // Only the ticket's own title, quoted, stays as the citizen wrote it.
    expect(JSON.stringify(en).replace(/“[^”]*”/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('the holiday-cn feed and the year view', () => {
  it('imports the holiday-cn JSON as published and shows the admin the loaded days of that year', async () => {
    const feed = {
      $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
      year: 2028,
      papers: [],
      days: [
        { name: '元旦', date: '2028-01-01', isOffDay: true },
        { name: '春节', date: '2028-01-26', isOffDay: true },
        { name: '春节', date: '2028-02-05', isOffDay: false },
      ],
    };
    const ok = await admin.post('/api/v1/calendar/years/2028/import', {
      format: 'json',
      content: JSON.stringify(feed),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ year: 2028, days: 3 });
    const view = await admin.get('/api/v1/calendar/years/2028/days');
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      year: 2028,
      loaded: true,
      days: [
        { date: '2028-01-01', kind: 'holiday', name: '元旦' },
        { date: '2028-01-26', kind: 'holiday', name: '春节' },
        { date: '2028-02-05', kind: 'workday', name: '春节' },
      ],
    });
    expect((await admin.get('/api/v1/calendar/years/2029/days')).json()).toMatchObject({
      loaded: false,
      days: [],
    });
    expect((await operator.get('/api/v1/calendar/years/2028/days')).statusCode).toBe(403);
  });
});

describe('policy versions (R11.1)', () => {
  it('a policy change leaves older tickets’ deadlines unchanged and applies to tickets registered after it', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const { id: olderId } = (
      await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' }))
    ).json() as { id: string };
    const refused = await operator.post('/api/v1/policies', {
      changes: { generalCompleteWorkingDays: 3 },
      note: '试行三日办结',
    });
    expect(refused.statusCode).toBe(403);
    const invalid = await admin.post('/api/v1/policies', {
      changes: { scoreWeights: { feedback: 0.5, satisfaction: 0.5, onTime: 0.5 } },
      note: 'x',
    });
    expect(invalid.statusCode).toBe(400);
    const created = await admin.post('/api/v1/policies', {
      changes: { generalCompleteWorkingDays: 3 },
      note: '试行三日办结',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      version: 2,
      data: { generalCompleteWorkingDays: 3, urgentCompleteHours: 24 },
    });
    t.clock.advance(60);
    const { id: newerId } = (
      await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' }))
    ).json() as { id: string };
    const unit = t.units.get('S220204-BJL');
    const older = (
      await operator.post(`/api/v1/tickets/${olderId}/dispatch`, { unitId: unit })
    ).json() as Ticket & { policyVersion: number };
    const newer = (
      await operator.post(`/api/v1/tickets/${newerId}/dispatch`, { unitId: unit })
    ).json() as Ticket & { policyVersion: number };
    expect(older.policyVersion).toBe(1);
    expect(newer.policyVersion).toBe(2);
    // Dispatched Tue 10 Nov: 5 working days → 24:00 Tue 17 Nov; 3 working days → 24:00 Fri 13 Nov.
    expect(older.deadlines.completeDueAt).toBe(new Date('2026-11-18T00:00:00+08:00').toISOString());
    expect(newer.deadlines.completeDueAt).toBe(new Date('2026-11-14T00:00:00+08:00').toISOString());
  });
});

describe('internal deadlines (R10.1)', () => {
  it('a unit leader sets a stricter internal deadline, shown to the unit beside the city deadline and to no one else', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const unit = t.units.get('S220204-BJL') as string;
    const leader = await t.as('s220204-bjl.leader');
    const handler = await t.as('s220204-bjl.handler');
    const looser = await leader.inject({
      method: 'PUT',
      url: `/api/v1/units/${unit}/internal-deadlines`,
      payload: { urgentHours: 30 },
    });
    expect(looser.statusCode).toBe(400);
    const otherUnit = await handler.inject({
      method: 'PUT',
      url: `/api/v1/units/${unit}/internal-deadlines`,
      payload: { urgentHours: 12 },
    });
    expect(otherUnit.statusCode).toBe(403);
    const set = await leader.inject({
      method: 'PUT',
      url: `/api/v1/units/${unit}/internal-deadlines`,
      payload: { urgentHours: 12, generalWorkingDays: 2 },
    });
    expect(set.statusCode).toBe(200);
    const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent' }))).json() as {
      id: string;
    };
    await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: unit });
    const mine = (await handler.get(`/api/v1/tickets/${id}`)).json() as {
      deadlines: { completeDueAt: string; internalDueAt: string | null };
    };
    expect(mine.deadlines).toMatchObject({
      completeDueAt: new Date('2026-11-11T09:00:00+08:00').toISOString(),
      internalDueAt: new Date('2026-11-10T21:00:00+08:00').toISOString(),
    });
    const office = (await operator.get(`/api/v1/tickets/${id}`)).json() as {
      deadlines: { internalDueAt: string | null };
    };
    expect(office.deadlines.internalDueAt).toBeNull();
  });
});
