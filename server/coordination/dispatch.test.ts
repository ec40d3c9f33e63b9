/**
 * Dispatch by responsibility: copies to superiors, sub-dispatch, returns in their window,
 * automatic coordination after two bounces, and a leader's decision carried out as a dispatch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let leader: Client;
let supervisor: Client;
const u = (code: string) => t.units.get(code) as string;

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  leader = await t.as('leader');
  supervisor = await t.as('supervisor');
});
afterAll(() => t.close());

type Ticket = {
  id: string;
  status: string;
  leadUnitId: string;
  copiedUnitIds: string[];
  units: { unitId: string; role: string }[];
  deadlines: { completeDueAt: string };
};
const register = async (urgency: 'urgent' | 'general') =>
  ((await operator.post('/api/v1/tickets', ticketBody({ urgency }))).json() as Ticket).id;
const post = async (c: Client, id: string, action: string, body: unknown, status = 200) => {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
  return res.json() as Ticket;
};

describe('R4.2.1 urgent dispatch', () => {
  it('goes to the concrete unit and at the same time to its superior, which can read and follow it but not act', async () => {
    const id = await register('urgent');
    const ticket = await post(operator, id, 'dispatch', { unitId: u('S220211-JN') });
    expect(ticket.copiedUnitIds).toEqual([u('D220211')]);
    const superior = await t.as('d220211.leader');
    expect((await superior.get(`/api/v1/tickets/${id}`)).statusCode).toBe(200);
    expect((await superior.get(`/api/v1/tickets?pageSize=200`)).json()).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ id })]),
    });
    await post(superior, id, 'accept', { responsiblePerson: '某' }, 403);
  });
});

describe('R4.2.2 general dispatch and sub-dispatch', () => {
  it('the district passes it to its street without restarting the city clock; the district stays first-responsible (R4.3)', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const id = await register('general');
    const dispatched = await post(operator, id, 'dispatch', { unitId: u('D220204') });
    const district = await t.as('d220204.handler');
    await post(district, id, 'sub-dispatch', { unitId: u('S220202-YA'), note: '非本区' }, 400);
    t.clock.advance(3600);
    const sub = await post(district, id, 'sub-dispatch', { unitId: u('S220204-DS'), note: '请德胜街道办理' });
    expect(sub.deadlines.completeDueAt).toBe(dispatched.deadlines.completeDueAt);
    expect(sub.leadUnitId).toBe(u('D220204'));
    expect(sub.units).toEqual(expect.arrayContaining([{ unitId: u('S220204-DS'), role: 'sub' }]));
    const street = await t.as('s220204-ds.handler');
    const seen = (await street.get(`/api/v1/tickets/${id}`)).json() as { complainant: { unmasked: boolean } };
    expect(seen.complainant.unmasked).toBe(true);
    await post(street, id, 'accept', { responsiblePerson: '德胜街道 赵强' });
    await post(street, id, 'verify', { text: '已核实' });
    // Only the first-responsible unit passes it on.
    await post(street, id, 'sub-dispatch', { unitId: u('S220204-DS'), note: 'x' }, 409);
  });
});

describe('returns (退单)', () => {
  it('a return accepted re-dispatches with fresh clocks; a rejected return stays on the record (R6.2 evidence)', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const id = await register('general');
    await post(operator, id, 'dispatch', { unitId: u('ENT-WATER') });
    const water = await t.as('ent-water.handler');
    await post(water, id, 'return', { reason: '属物业管理' });
    const rejected = await post(operator, id, 'review-return', { accept: false, reason: '供水管网属你单位' });
    expect(rejected.status).toBe('dispatched');
    const events = (await operator.get(`/api/v1/tickets/${id}/events`)).json() as {
      action: string;
      data: Record<string, unknown>;
    }[];
    expect(events.find((e) => e.action === 'review-return')?.data).toMatchObject({
      accept: false,
      reason: '供水管网属你单位',
    });
  });

  it('a return after the window (urgent: 1 hour) is refused', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const id = await register('urgent');
    await post(operator, id, 'dispatch', { unitId: u('S220204-BJL') });
    t.clock.advance(3601);
    const handler = await t.as('s220204-bjl.handler');
    const res = await handler.post(`/api/v1/tickets/${id}/return`, { reason: '不属于本单位' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'TICKET.RETURN_WINDOW_CLOSED' } });
  });
});

describe('R5.1 coordination', () => {
  it('a ticket that bounced twice goes to coordination automatically; the leader’s decision is carried out as a dispatch', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const id = await register('general');
    await post(operator, id, 'dispatch', { unitId: u('DEPT-CGJ') });
    await post(await t.as('dept-cgj.handler'), id, 'return', { reason: '属住建职责' });
    await post(operator, id, 'review-return', { accept: true, unitId: u('DEPT-ZJJ'), reason: '改派住建局' });
    await post(await t.as('dept-zjj.handler'), id, 'return', { reason: '属城管职责' });

    const open = (
      (await operator.get('/api/v1/coordination?status=open')).json() as {
        items: { id: string; ticketId: string; automatic: boolean; proposal: string }[];
      }
    ).items;
    const auto = open.find((c) => c.ticketId === id);
    expect(auto).toMatchObject({ automatic: true });
    expect(auto?.proposal).toContain('属住建职责');
    expect(auto?.proposal).toContain('属城管职责');
    expect(
      (await operator.post(`/api/v1/coordination/${auto?.id}/decide`, { leadUnitId: u('D220204') }))
        .statusCode,
    ).toBe(403);

    const decided = await leader.post(`/api/v1/coordination/${auto?.id}/decide`, {
      leadUnitId: u('D220204'),
      assistUnitIds: [u('DEPT-CGJ'), u('DEPT-ZJJ')],
      note: '由船营区牵头，城管局、住建局协办',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const ticket = decided.json() as Ticket;
    expect(ticket).toMatchObject({ status: 'dispatched', leadUnitId: u('D220204') });
    expect(ticket.units).toEqual(
      expect.arrayContaining([
        { unitId: u('DEPT-CGJ'), role: 'assist' },
        { unitId: u('DEPT-ZJJ'), role: 'assist' },
      ]),
    );
    // The assisting unit sees it again, with the personal data it needs (R9.1: it was dispatched the ticket).
    expect((await (await t.as('dept-zjj.handler')).get(`/api/v1/tickets/${id}`)).statusCode).toBe(200);
    const again = await leader.post(`/api/v1/coordination/${auto?.id}/decide`, { leadUnitId: u('D220204') });
    expect(again.statusCode).toBe(409);
  });

  it('the supervision office drafts a proposal by hand; R4.3.1 a unit asks for help and the office adds an assisting unit', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const id = await register('urgent');
    await post(operator, id, 'dispatch', { unitId: u('S220204-BJL') });
    const drafted = await supervisor.post(`/api/v1/tickets/${id}/coordination`, {
      addressedTo: 'vice_mayor',
      proposal: '涉及多个部门，建议协调',
    });
    expect(drafted.statusCode).toBe(201);
    const handler = await t.as('s220204-bjl.handler');
    await post(handler, id, 'request-assistance', { reason: '需供水集团配合抢修' });
    const helped = await post(operator, id, 'add-assist', {
      unitIds: [u('ENT-WATER-SUPPLY')],
      note: '请供水分公司协办',
    });
    expect(helped.units).toEqual(expect.arrayContaining([{ unitId: u('ENT-WATER-SUPPLY'), role: 'assist' }]));
    // The assisting unit can see it, but only the lead unit acts as the handler.
    const assisting = await t.as('ent-water-supply.handler');
    expect((await assisting.get(`/api/v1/tickets/${id}`)).statusCode).toBe(200);
    await post(assisting, id, 'accept', { responsiblePerson: 'x' }, 403);
  });
});
