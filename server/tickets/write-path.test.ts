/**
 * The one write path (ticket.write.ts): every change of a ticket — the actions and the paths that used to write
 * the row on their own (rating link, archive, overdue, merge and follow-parent) — appends an event and steps the
 * revision; a write on a revision the client no longer sees is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { serverSourcesMatching } from '../test/sources.js';
import { auditLog, outboxMessages, ticketTimers, tickets } from '../db/schema.js';
import { and } from 'drizzle-orm';
import { eventsOf } from './ticket.repository.js';
import { rateByLink } from '../supervision/rating.service.js';

let t: TestApp;
let operator: Client;
let handler: Client;

beforeAll(async () => {
  // Nothing general is drawn for a revisit, so feedback on a general ticket archives it at once (R4.6.2).
  t = await startTestApp({ policy: { revisitSampleRate: 0 } });
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
});
afterAll(() => t.close());

const street = () => t.units.get('S220204-BJL') as string;
const revOf = async (id: string) => (await t.ctx.db.select().from(tickets).where(eq(tickets.id, id)))[0]!.rev;
const actions = async (id: string) => (await eventsOf(t.ctx.db, id)).map((e) => e.action);

async function registered(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await operator.post('/api/v1/tickets', ticketBody(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

async function ok(client: Client, id: string, action: string, body: unknown) {
  const res = await client.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as { rev: number; status: string };
}

async function handleToFeedback(id: string, urgent = false) {
  await ok(operator, id, 'dispatch', { unitId: street() });
  await ok(handler, id, 'accept', { responsiblePerson: '李四' });
  // R4.3.1 / R4.3.2: an urgent ticket reports its disposal on site, a general one is verified first.
  if (urgent) await ok(handler, id, 'report-disposal', { text: '已到现场处置。' });
  else await ok(handler, id, 'verify', { text: '已到现场核实。' });
  await ok(handler, id, 'complete', { result: '已疏通下水井。' });
  return ok(handler, id, 'feedback', { toComplainant: '已疏通，请您查看。', toOffice: '已办结。' });
}

describe('optimistic concurrency (If-Match)', () => {
  it('when the ticket changed since the client read it, then the action is refused with TICKET.STALE and nothing changes', async () => {
    const id = await registered();
    const page = await operator.get(`/api/v1/tickets/${id}`);
    const seen = (page.json() as { rev: number }).rev;
    expect(page.headers.etag).toBe(`"${seen}"`);
    await ok(operator, id, 'dispatch', { unitId: street() }); // someone else acts meanwhile
    const before = await actions(id);
    const stale = await handler.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/accept`,
      headers: { 'if-match': `"${seen}"` },
      payload: { responsiblePerson: '李四' },
    });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as { error: { code: string } }).error.code).toBe('TICKET.STALE');
    expect(await actions(id)).toEqual(before);
    expect(await revOf(id)).toBe(seen + 1);

    const fresh = await handler.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/accept`,
      headers: { 'if-match': `"${seen + 1}"` },
      payload: { responsiblePerson: '李四' },
    });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect((fresh.json() as { rev: number; status: string }).status).toBe('accepted');
    expect(await revOf(id)).toBe(seen + 2);
  });

  it('when If-Match is not a revision, then the answer is 400 naming the header, and nothing changes', async () => {
    const id = await registered();
    const res = await operator.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/dispatch`,
      headers: { 'if-match': 'yesterday' },
      payload: { unitId: street() },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('If-Match');
    expect(await actions(id)).toEqual(['register']);
  });
});

describe('the former side paths go through the one write path', () => {
  it('R4.6.2 archiving a general ticket not drawn for a revisit is an event and a revision step', async () => {
    const id = await registered();
    const afterFeedback = await handleToFeedback(id);
    expect(afterFeedback.status).toBe('archived');
    expect((await actions(id)).slice(-2)).toEqual(['feedback', 'archive']);
    const events = await eventsOf(t.ctx.db, id);
    // One revision per saved change: register is 0, then dispatch, accept, verify, complete, feedback, archive.
    expect(await revOf(id)).toBe(events.length - 1);
  });

  it('R4.6.3 the complainant rating by link is a revisit event and a revision step', async () => {
    const id = await registered({ urgency: 'urgent', content: '北京路幸福小区突然停水，家里老人无法做饭。' });
    await handleToFeedback(id, true);
    const [sms] = await t.ctx.db.select().from(outboxMessages).where(eq(outboxMessages.ticketId, id));
    const token = /#([\w-]+)$/.exec(sms!.body)?.[1];
    expect(token).toBeTruthy();
    const rev = await revOf(id);
    await rateByLink(t.ctx, token!, 'satisfied', '');
    const last = (await eventsOf(t.ctx.db, id)).at(-1)!;
    expect(last.action).toBe('revisit');
    expect(last.actorRole).toBe('complainant');
    expect(await revOf(id)).toBe(rev + 1);
  });

  it('R4.4.1 R6.1 a deadline passing marks the ticket overdue with an event and a revision step', async () => {
    const id = await registered({ urgency: 'urgent', content: '北京路幸福小区突然停电，电梯困人。' });
    await ok(operator, id, 'dispatch', { unitId: street() });
    const rev = await revOf(id);
    t.clock.set(new Date(t.clock.now().getTime() + 3 * 86_400_000));
    await t.ctx.timers.sweep();
    const acts = await actions(id);
    expect(acts).toContain('overdue');
    expect(await revOf(id)).toBe(rev + 1); // the warning is an event only; marking overdue changes the ticket
  });

  it('R2.2 a merged ticket follows its parent with its own event, revision step and timers', async () => {
    const parent = await registered();
    const child = await registered({ complainant: { name: '王五', phone: '13900001111' } });
    const merged = await operator.post(`/api/v1/tickets/${child}/merge`, { parentId: parent });
    expect(merged.statusCode, merged.body).toBe(200);
    const rev = await revOf(child);
    expect(await actions(child)).toEqual(['register', 'merge']);
    await ok(operator, parent, 'dispatch', { unitId: street() });
    expect((await actions(child)).at(-1)).toBe('follow-parent');
    expect(await revOf(child)).toBe(rev + 1);
    const timers = await t.ctx.db.select().from(ticketTimers).where(eq(ticketTimers.ticketId, child));
    expect(timers.map((x) => x.kind)).toContain('overdue');
  });

  it('no server code outside the write path updates the tickets table', () => {
    // The one UPDATE is the ticket repository's `updateTicket`, and only the write path calls it.
    const offenders = serverSourcesMatching(/\.update\(tickets\)|UPDATE\s+tickets\b/i);
    expect(offenders).toEqual(['tickets/ticket.repository.ts']);
    const callers = serverSourcesMatching(/\bupdateTicket\b/).filter(
      (f) => f !== 'tickets/ticket.repository.ts',
    );
    expect(callers).toEqual(['tickets/ticket.write.ts']);
  });
});

describe('R9.1 opening a ticket page is audited once', () => {
  const views = async (id: string) =>
    (
      await t.ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.ticketId, id), eq(auditLog.action, 'personal-data.view')))
    ).length;
  const openPage = async (client: Client, id: string) => {
    for (const path of ['', '/events', '/attachments']) {
      const res = await client.get(`/api/v1/tickets/${id}${path}`);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    }
  };

  it('when the office opens a ticket (ticket, timeline, attachments), then one unmasked view is recorded; a leader, who sees it masked, leaves none', async () => {
    const id = await registered();
    await openPage(operator, id);
    expect(await views(id)).toBe(1);
    await openPage(await t.as('leader'), id);
    expect(await views(id)).toBe(1);
  });
});
