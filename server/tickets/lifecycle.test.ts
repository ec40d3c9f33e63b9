/**
 * Walks an urgent and a general ticket through the whole lifecycle over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let revisitor: Client;
let streetHandler: Client;
let districtLeader: Client;
let waterHandler: Client;

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  revisitor = await t.as('revisitor');
  streetHandler = await t.as('s220204-bjl.handler');
  districtLeader = await t.as('d220204.leader');
  waterHandler = await t.as('ent-water.handler');
});
afterAll(() => t.close());

const json = <T = Record<string, unknown>>(res: { json(): unknown }) => res.json() as T;
type Ticket = {
  id: string;
  code: string;
  status: string;
  urgency: string;
  leadUnitId: string | null;
  copiedUnitIds: string[];
  deadlines: Record<string, unknown>;
  complainant: Record<string, unknown>;
  allowedActions: string[];
};

async function step(
  client: Client,
  id: string,
  action: string,
  body: unknown,
  expected: string,
): Promise<Ticket> {
  const res = await client.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  const ticket = json<Ticket>(res);
  expect(ticket.status).toBe(expected);
  return ticket;
}

describe('urgent ticket, registration to archive', () => {
  it('R4.1 R4.2.1 R4.2.3 R4.3.1 R4.4.1 R4.5 R4.6.1 R4.6.3: the street handles it, its district is copied, revisit archives it', async () => {
    const street = t.units.get('S220204-BJL') as string;
    const district = t.units.get('D220204') as string;
    const reg = await operator.post(
      '/api/v1/tickets',
      ticketBody({ content: '北京路幸福小区突然停水，家里老人无法做饭。', urgency: 'urgent' }),
    );
    expect(reg.statusCode).toBe(201);
    const created = json<Ticket>(reg);
    expect(created).toMatchObject({ status: 'registered', urgency: 'urgent' });
    expect(created.code).toMatch(/^J20261110\d{6}$/);

    const dispatched = await step(operator, created.id, 'dispatch', { unitId: street }, 'dispatched');
    expect(dispatched.leadUnitId).toBe(street);
    // R4.2.1: copied to the superior unit at the same time.
    expect(dispatched.copiedUnitIds).toEqual([district]);
    // R4.4.1: due 24 h after dispatch, wall clock.
    expect(dispatched.deadlines.completeDueAt).toBe(new Date('2026-11-11T09:00:00+08:00').toISOString());

    // The superior can read and follow it, but sees masked personal data (R9.1) and cannot act.
    const asSuperior = await districtLeader.get(`/api/v1/tickets/${created.id}`);
    expect(asSuperior.statusCode).toBe(200);
    expect(json<Ticket>(asSuperior).complainant).toMatchObject({
      name: '张*',
      phone: '138****5678',
      unmasked: false,
    });
    expect(json<Ticket>(asSuperior).allowedActions).toEqual([]);

    t.clock.advance(1800);
    await step(streetHandler, created.id, 'accept', { responsiblePerson: '王建军' }, 'accepted');
    await step(
      streetHandler,
      created.id,
      'report-disposal',
      { text: '已到现场，协调水务集团抢修。' },
      'accepted',
    );
    t.clock.advance(3 * 3600);
    await step(streetHandler, created.id, 'complete', { result: '管线已修复，恢复供水。' }, 'completed');
    await step(
      streetHandler,
      created.id,
      'feedback',
      { toComplainant: '已电话告知恢复供水', toOffice: '已办结' },
      'replied',
    );
    const archived = await step(
      revisitor,
      created.id,
      'revisit',
      { outcome: 'satisfied', note: '群众满意' },
      'archived',
    );
    expect(archived.deadlines.overdue).toBe(false);

    const events = json<{ action: string; fromStatus: string | null; toStatus: string; actorRole: string }[]>(
      await operator.get(`/api/v1/tickets/${created.id}/events`),
    );
    expect(events.map((e) => `${e.action}:${e.fromStatus ?? '-'}→${e.toStatus}`)).toEqual([
      'register:-→registered',
      'dispatch:registered→dispatched',
      'accept:dispatched→accepted',
      'report-disposal:accepted→accepted',
      'complete:accepted→completed',
      'feedback:completed→replied',
      // R4.6.1: every urgent ticket is revisited; the draw is recorded all the same.
      'revisit-draw:replied→replied',
      'revisit:replied→archived',
    ]);
    expect(events.map((e) => e.actorRole)).toEqual([
      'office_operator',
      'office_operator',
      'unit_handler',
      'unit_handler',
      'unit_handler',
      'unit_handler',
      'system',
      'office_revisitor',
    ]);
  });
});

describe('caches that expire mid-flow', () => {
  it('an action after the policy, calendar and reference caches expired completes (no self-deadlock on PGlite)', async () => {
    const created = json<Ticket>(await operator.post('/api/v1/tickets', ticketBody()));
    t.ctx.policy.invalidate();
    t.ctx.calendar.invalidate();
    t.ctx.reference.invalidate();
    await step(operator, created.id, 'dispatch', { unitId: t.units.get('S220204-BJL') }, 'dispatched');
  });
});

describe('general ticket with a return, a plan and supervision', () => {
  it('R4.2.2 R4.3.2 R4.4.2 R4.4.3 R4.6.3 R6.1: returned once, re-dispatched, planned, unsatisfied, supervised, archived', async () => {
    const street = t.units.get('S220204-BJL') as string;
    const water = t.units.get('ENT-WATER') as string;
    t.clock.set(new Date('2026-11-10T14:00:00+08:00'));
    const created = json<Ticket>(await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' })));
    const dispatched = await step(operator, created.id, 'dispatch', { unitId: water }, 'dispatched');
    // R4.3.2 verify within 24 h; R4.4.2 completion at 24:00 of the 5th working day after Tue 10 Nov = Tue 17 Nov.
    expect(dispatched.deadlines.verifyDueAt).toBe(new Date('2026-11-11T14:00:00+08:00').toISOString());
    expect(dispatched.deadlines.completeDueAt).toBe(new Date('2026-11-18T00:00:00+08:00').toISOString());
    expect(dispatched.copiedUnitIds).toEqual([]);

    await step(
      waterHandler,
      created.id,
      'return',
      { reason: '属于小区物业管理范围，不属于供水管网' },
      'returned',
    );
    const redispatched = await step(
      operator,
      created.id,
      'review-return',
      { accept: true, unitId: street, reason: '改派属地街道' },
      'dispatched',
    );
    expect(redispatched.leadUnitId).toBe(street);
    // The unit that returned it no longer sees it.
    expect((await waterHandler.get(`/api/v1/tickets/${created.id}`)).statusCode).toBe(404);

    await step(streetHandler, created.id, 'accept', { responsiblePerson: '刘洋' }, 'accepted');
    await step(streetHandler, created.id, 'verify', { text: '现场核实属实' }, 'accepted');
    const planned = await step(
      streetHandler,
      created.id,
      'plan',
      { plan: '需更换主管道，已报区住建局审批', promisedAt: '2026-11-30T18:00:00+08:00' },
      'planned',
    );
    expect(planned.deadlines.completeDueAt).toBe(new Date('2026-11-30T18:00:00+08:00').toISOString());
    await step(streetHandler, created.id, 'complete', { result: '主管道已更换' }, 'completed');
    await step(
      streetHandler,
      created.id,
      'feedback',
      { toComplainant: '已告知', toOffice: '已办结' },
      'replied',
    );
    await step(revisitor, created.id, 'revisit', { outcome: 'unsatisfied', note: '仍有异味' }, 'supervising');
    const supervisor = await t.as('supervisor');
    await step(
      supervisor,
      created.id,
      'supervise',
      { notice: '请于三日内彻底整改', dueAt: '2026-11-20T18:00:00+08:00' },
      'accepted',
    );
    await step(streetHandler, created.id, 'complete', { result: '已彻底清淤消毒' }, 'completed');
    await step(
      streetHandler,
      created.id,
      'feedback',
      { toComplainant: '已告知', toOffice: '已整改' },
      'replied',
    );
    await step(revisitor, created.id, 'revisit', { outcome: 'basically_satisfied', note: '' }, 'archived');

    const events = json<{ action: string; data: Record<string, unknown> }[]>(
      await operator.get(`/api/v1/tickets/${created.id}/events`),
    );
    expect(events.map((e) => e.action)).toEqual([
      'register',
      'dispatch',
      'return',
      'review-return',
      'accept',
      'verify',
      'plan',
      'complete',
      'feedback',
      'revisit-draw',
      'revisit',
      'supervise',
      'complete',
      'feedback',
      'revisit-draw',
      'revisit',
    ]);
    expect(events[2]?.data).toMatchObject({ reason: '属于小区物业管理范围，不属于供水管网', unitId: water });
  });
});
