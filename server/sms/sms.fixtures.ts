/** Shared by the SMS tests: a ticket walked to a reply given by SMS (R4.5), and the outbox rows it left. */
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { ticketBody, type Client, type TestApp } from '../test/harness.js';
import { outboxMessages } from '../db/schema.js';

export interface SmsScene {
  t: TestApp;
  operator: Client;
  /** A handler of the street S220204-BJL. */
  handler: Client;
}

async function ok(c: Client, id: string, action: string, body: unknown): Promise<void> {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
}

/** Registers a request from `phone`, and walks it to the complainant's reply sent by SMS (R4.5). */
export async function fedBackBySms(s: SmsScene, phone: string, toComplainant: string): Promise<string> {
  const res = await s.operator.post('/api/v1/tickets', ticketBody({ complainant: { name: '张三', phone } }));
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: string }).id;
  await ok(s.operator, id, 'dispatch', { unitId: s.t.units.get('S220204-BJL') as string });
  await ok(s.handler, id, 'accept', { responsiblePerson: '李四' });
  await ok(s.handler, id, 'verify', { text: '已到现场核实。' });
  await ok(s.handler, id, 'complete', { result: '已疏通下水井。' });
  await ok(s.handler, id, 'feedback', { toComplainant, toOffice: '已办结。', method: 'sms' });
  return id;
}

/** The SMS outbox rows of one ticket, oldest first. */
export function outboxRowsOf(t: TestApp, ticketId: string) {
  return t.ctx.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.ticketId, ticketId))
    .orderBy(outboxMessages.id);
}
