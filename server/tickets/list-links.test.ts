/**
 * A unit's two lists: the inbox holds what the unit was dispatched to (lead, assisting,
 * sub-dispatched); copies of urgent tickets its subordinate handles arrive separately (R4.2.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let street: Client, district: Client;
let urgentId: string, generalId: string;

beforeAll(async () => {
  t = await startTestApp();
  const operator = await t.as('operator');
  street = await t.as('s220204-bjl.handler');
  district = await t.as('d220204.handler');
  const dispatch = async (urgency: 'urgent' | 'general') => {
    const id = ((await operator.post('/api/v1/tickets', ticketBody({ urgency }))).json() as { id: string })
      .id;
    const res = await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('S220204-BJL') });
    expect(res.statusCode, res.body).toBe(200);
    return id;
  };
  urgentId = await dispatch('urgent');
  generalId = await dispatch('general');
});
afterAll(() => t.close());

const ids = async (c: Client, query: string) =>
  ((await c.get(`/api/v1/tickets?${query}`)).json() as { items: { id: string }[] }).items
    .map((i) => i.id)
    .sort();

describe('the inbox and the copies', () => {
  it('R4.2.1 the street handles both; the district receives the urgent one as a copy, not in its inbox', async () => {
    expect(await ids(street, 'link=handling')).toEqual([urgentId, generalId].sort());
    expect(await ids(street, 'link=copy')).toEqual([]);
    expect(await ids(district, 'link=copy')).toEqual([urgentId]);
    // The district's inbox covers its subordinate streets' work, not the copy as something of its own to do.
    expect(await ids(district, 'link=handling')).toEqual([urgentId, generalId].sort());
    expect(await ids(district, '')).toEqual([urgentId, generalId].sort());
  });

  it("R4.3 the inbox holds the unit's work in hand: a finished ticket leaves it, and is found by its status", async () => {
    const operator = await t.as('operator');
    const id = ((await operator.post('/api/v1/tickets', ticketBody())).json() as { id: string }).id;
    const step = async (c: Client, action: string, body: unknown) => {
      const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
      expect(res.statusCode, res.body).toBe(200);
    };
    await step(operator, 'dispatch', { unitId: t.units.get('S220204-BJL') });
    const inbox = 'link=handling&sort=dueAt&open=true';
    expect(await ids(street, inbox)).toContain(id);
    await step(street, 'accept', { responsiblePerson: '李四' });
    await step(street, 'verify', { text: '已到现场核实。' });
    await step(street, 'complete', { result: '已疏通下水井，污水已清理。' });
    expect(await ids(street, inbox)).not.toContain(id);
    expect(await ids(street, `${inbox}&status=completed`)).toEqual([id]);
    expect(await ids(street, 'link=handling')).toContain(id);
  });

  it('a viewer without a unit has no copies', async () => {
    const supervisor = await t.as('supervisor');
    expect(await ids(supervisor, 'link=copy')).toEqual([]);
  });
});
