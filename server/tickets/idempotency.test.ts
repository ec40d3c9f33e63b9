/**
 * On-site handling over a bad connection (R4.3.1): an action sent with an Idempotency-Key is applied once however
 * often it arrives (the phone's offline queue sends it again when it cannot know whether the first attempt
 * landed), and an on-site report may carry where it was made, kept on its event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { ticketEvents, tickets } from '../db/schema.js';
import { eventsOf } from './ticket.repository.js';

let t: TestApp;
let operator: Client;
let handler: Client;

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
});
afterAll(() => t.close());

const street = () => t.units.get('S220204-BJL') as string;
const revOf = async (id: string) => (await t.ctx.db.select().from(tickets).where(eq(tickets.id, id)))[0]!.rev;
const actions = async (id: string) => (await eventsOf(t.ctx.db, id)).map((e) => e.action);

async function dispatched(overrides: Record<string, unknown> = {}): Promise<{ id: string; rev: number }> {
  const res = await operator.post('/api/v1/tickets', ticketBody(overrides));
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: string }).id;
  const d = await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: street() });
  expect(d.statusCode, d.body).toBe(200);
  return { id, rev: (d.json() as { rev: number }).rev };
}

const send = (
  client: Client,
  id: string,
  action: string,
  body: Record<string, unknown>,
  headers: Record<string, string>,
) => client.inject({ method: 'POST', url: `/api/v1/tickets/${id}/${action}`, headers, payload: body });

describe('Idempotency-Key on ticket actions', () => {
  it('when the same accept arrives twice with its key and the revision it saw, then it is applied once and both answers show it accepted', async () => {
    const { id, rev } = await dispatched();
    const headers = { 'idempotency-key': 'k-accept-0001-abcdef', 'if-match': `"${rev}"` };
    const first = await send(handler, id, 'accept', { responsiblePerson: '李四' }, headers);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await send(handler, id, 'accept', { responsiblePerson: '李四' }, headers);
    // Not TICKET.STALE although the revision moved: the repeat is recognised before the revision check.
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.json() as { status: string; rev: number }).status).toBe('accepted');
    expect((again.json() as { rev: number }).rev).toBe(rev + 1);
    expect((await actions(id)).filter((a) => a === 'accept')).toHaveLength(1);
    expect(await revOf(id)).toBe(rev + 1);
    const stored = await t.ctx.db
      .select({ ticketId: ticketEvents.ticketId, action: ticketEvents.action })
      .from(ticketEvents)
      .where(eq(ticketEvents.idempotencyKey, 'k-accept-0001-abcdef'));
    expect(stored).toEqual([{ ticketId: id, action: 'accept' }]);
  });

  it('when two attempts with one key arrive at the same time, then one event is written', async () => {
    const { id } = await dispatched();
    const headers = { 'idempotency-key': 'k-parallel-0002-abcdef' };
    const answers = await Promise.all([
      send(handler, id, 'accept', { responsiblePerson: '王五' }, headers),
      send(handler, id, 'accept', { responsiblePerson: '王五' }, headers),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect((await actions(id)).filter((a) => a === 'accept')).toHaveLength(1);
  });

  it('when a new attempt (another key) finds the ticket changed, then it is refused with TICKET.STALE', async () => {
    const { id, rev } = await dispatched();
    await send(
      handler,
      id,
      'accept',
      { responsiblePerson: '李四' },
      { 'idempotency-key': 'k-first-0003-abc' },
    );
    const late = await send(
      handler,
      id,
      'accept',
      { responsiblePerson: '李四' },
      { 'idempotency-key': 'k-second-0003-abc', 'if-match': `"${rev}"` },
    );
    expect(late.statusCode).toBe(409);
    expect((late.json() as { error: { code: string } }).error.code).toBe('TICKET.STALE');
  });

  it('when the key is reused for another action or by another user, then 409 TICKET.IDEMPOTENCY_REUSED and nothing changes', async () => {
    const { id } = await dispatched({ urgency: 'general' });
    const key = { 'idempotency-key': 'k-reuse-0004-abcdef' };
    expect((await send(handler, id, 'accept', { responsiblePerson: '李四' }, key)).statusCode).toBe(200);
    const before = await actions(id);
    const other = await send(handler, id, 'verify', { text: '已核实。' }, key);
    expect(other.statusCode).toBe(409);
    expect((other.json() as { error: { code: string } }).error.code).toBe('TICKET.IDEMPOTENCY_REUSED');
    const someoneElse = await send(operator, id, 'accept', { responsiblePerson: '李四' }, key);
    expect(someoneElse.statusCode).toBe(409);
    expect(await actions(id)).toEqual(before);
  });

  it('when the key is malformed, then 400 naming the header and nothing changes', async () => {
    const { id } = await dispatched();
    const res = await send(
      handler,
      id,
      'accept',
      { responsiblePerson: '李四' },
      { 'idempotency-key': 'a b' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Idempotency-Key');
    expect(await actions(id)).toEqual(['register', 'dispatch']);
  });
});

describe('where an on-site report was made (R4.3.1)', () => {
  it('when a verification carries the handler’s location, then its event keeps it and the ticket does not', async () => {
    const { id } = await dispatched({ urgency: 'general' });
    expect(
      (await handler.post(`/api/v1/tickets/${id}/accept`, { responsiblePerson: '李四' })).statusCode,
    ).toBe(200);
    const location = { lat: 43.8378, lng: 126.5496, accuracy: 12 };
    const res = await handler.post(`/api/v1/tickets/${id}/verify`, { text: '已到现场核实。', location });
    expect(res.statusCode, res.body).toBe(200);
    const events = await (await handler.get(`/api/v1/tickets/${id}/events`)).json();
    const verify = (events as { action: string; data: Record<string, unknown> }[]).find(
      (e) => e.action === 'verify',
    );
    expect(verify?.data.location).toEqual(location);
    expect(JSON.stringify(res.json())).not.toContain('126.5496');
  });

  it('when the location is out of range, then 400 on the field and nothing changes', async () => {
    const { id } = await dispatched({ urgency: 'general' });
    await handler.post(`/api/v1/tickets/${id}/accept`, { responsiblePerson: '李四' });
    const res = await handler.post(`/api/v1/tickets/${id}/verify`, {
      text: '已核实。',
      location: { lat: 91, lng: 126.5, accuracy: 10 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('location');
    expect(await actions(id)).toEqual(['register', 'dispatch', 'accept']);
  });
});
