/**
 * Closing the loop: feedback with explanations (R4.5), tracking and final revisits (R4.6.1),
 * the recorded sample (R4.6.2), supervision until solved (R4.6.3, R6.1), unreachable complainants, reopening.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawForRevisit } from '../../domain/revisit/sampling.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let handler: Client;
let revisitor: Client;
let supervisor: Client;

beforeAll(async () => {
  t = await startTestApp({ policy: { revisitSampleRate: 0.3 } });
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  revisitor = await t.as('revisitor');
  supervisor = await t.as('supervisor');
});
afterAll(() => t.close());

type Ticket = { id: string; status: string; revisitOutcome: string | null };
type Event = { action: string; data: Record<string, unknown> };
const post = async (c: Client, id: string, action: string, body: unknown, status = 200) => {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
  return res.json() as Ticket;
};
const events = async (id: string) => (await operator.get(`/api/v1/tickets/${id}/events`)).json() as Event[];

/** A ticket handled up to completion by the street. */
async function completed(urgency: 'urgent' | 'general'): Promise<string> {
  const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency }))).json() as { id: string };
  await post(operator, id, 'dispatch', { unitId: t.units.get('S220204-BJL') });
  await post(handler, id, 'accept', { responsiblePerson: '王建军' });
  await post(handler, id, urgency === 'urgent' ? 'report-disposal' : 'verify', { text: '已处置' });
  await post(handler, id, 'complete', { result: '已办结' });
  return id;
}

describe('revisits', () => {
  it('R4.6.1 an urgent ticket gets both contacts: a tracking contact after disposal and the final revisit after feedback', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent' }))).json() as {
      id: string;
    };
    await post(operator, id, 'dispatch', { unitId: t.units.get('S220204-BJL') });
    await post(handler, id, 'accept', { responsiblePerson: '王建军' });
    await post(revisitor, id, 'track-contact', { reached: true, note: '' }, 409); // not before disposal
    await post(handler, id, 'report-disposal', { text: '已到现场' });
    await post(revisitor, id, 'track-contact', { reached: true, note: '群众确认已有人到场' });
    await post(handler, id, 'complete', { result: '已恢复' });
    await post(handler, id, 'feedback', { toComplainant: '已告知', toOffice: '已办结', method: 'phone' });
    await post(revisitor, id, 'revisit', { outcome: 'satisfied', note: '' });
    expect(
      (await events(id)).map((e) => e.action).filter((a) => a === 'track-contact' || a === 'revisit'),
    ).toEqual(['track-contact', 'revisit']);
  });

  it('R4.6.2 general tickets are drawn at the policy rate with a recorded seed an auditor can re-draw; those not drawn are archived', async () => {
    const outcomes: { id: string; drawn: boolean; status: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await completed('general');
      const after = await post(handler, id, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
      const draw = (await events(id)).find((e) => e.action === 'revisit-draw' || e.action === 'archive')
        ?.data as {
        seed: string;
        rate: number;
        drawn: boolean;
      };
      expect(draw.rate).toBe(0.3);
      // The auditor's re-draw from the record gives the same answer.
      expect(drawForRevisit(id, 'general', draw.seed, draw.rate).drawn).toBe(draw.drawn);
      outcomes.push({ id, drawn: draw.drawn, status: after.status });
    }
    for (const o of outcomes) expect(o.status).toBe(o.drawn ? 'replied' : 'archived');
  });

  it('R4.6.3 three unreachable attempts archive as 未联系上', async () => {
    const id = await completed('urgent');
    await post(handler, id, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
    await post(revisitor, id, 'revisit', { outcome: 'unreachable', note: '无人接听' });
    await post(revisitor, id, 'revisit', { outcome: 'unreachable', note: '无人接听' });
    const last = await post(revisitor, id, 'revisit', { outcome: 'unreachable', note: '关机' });
    expect(last).toMatchObject({ status: 'archived', revisitOutcome: 'unreachable' });
  });
});

describe('supervision until solved (R6.1)', () => {
  it('unsatisfied → supervision case → notice → rework → revisit satisfied → archived and the case closed', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const id = await completed('urgent');
    await post(handler, id, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
    await post(revisitor, id, 'revisit', { outcome: 'unsatisfied', note: '问题仍在' });
    type Case = {
      ticketId: string;
      reason: string;
      notices: number;
      closedAt: string | null;
      timesSupervised: number;
    };
    const casesOf = async (query: string) =>
      ((await supervisor.get(`/api/v1/supervision/cases?${query}`)).json() as { items: Case[] }).items;
    const open = await casesOf(`ticketId=${id}`);
    expect(open).toEqual([expect.objectContaining({ reason: 'unsatisfied', notices: 0, closedAt: null })]);
    // R6.1: a missing deadline is named plainly, in Chinese, with no ISO-8601 jargon; nothing changes.
    const missing = await supervisor.post(`/api/v1/tickets/${id}/supervise`, { notice: '限两日内整改到位' });
    expect(missing.statusCode).toBe(400);
    const fields = (
      missing.json() as { error: { details: { fields: { field: string; message: string }[] } } }
    ).error.details.fields;
    expect(fields).toEqual([{ field: 'dueAt', message: '请选择督办时限' }]);
    expect(missing.body).not.toMatch(/ISO|8601/);
    expect((await casesOf(`ticketId=${id}`))[0]?.notices).toBe(0);
    await post(supervisor, id, 'supervise', {
      notice: '限两日内整改到位',
      dueAt: '2026-11-12T18:00:00+08:00',
    });
    expect((await casesOf(`ticketId=${id}`))[0]?.notices).toBe(1);
    await post(handler, id, 'complete', { result: '已彻底整改' });
    await post(handler, id, 'feedback', { toComplainant: '已告知整改结果', toOffice: '已整改' });
    await post(revisitor, id, 'revisit', { outcome: 'satisfied', note: '' });
    expect(await casesOf(`ticketId=${id}`)).toEqual([]);
    const all = await casesOf(`ticketId=${id}&open=false`);
    expect(all[0]?.closedAt).not.toBeNull();
  });

  it('R4.5 feedback after a missed deadline needs the explanation; explain-delay records a new committed date', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent' }))).json() as {
      id: string;
    };
    await post(operator, id, 'dispatch', { unitId: t.units.get('S220204-BJL') });
    await post(handler, id, 'accept', { responsiblePerson: '王' });
    await post(handler, id, 'report-disposal', { text: '处置中' });
    t.clock.advance(25 * 3600);
    await post(handler, id, 'explain-delay', {
      explanation: '需更换主管道，已向群众解释',
      committedAt: '2026-11-12T18:00:00+08:00',
    });
    await post(handler, id, 'complete', { result: '已更换' });
    await post(handler, id, 'feedback', { toComplainant: '已告知', toOffice: '已办结' }, 409);
    await post(handler, id, 'feedback', {
      toComplainant: '已告知',
      toOffice: '已办结',
      explanation: '因更换主管道超期，已致歉',
    });
    const e = await events(id);
    expect(e.find((x) => x.action === 'explain-delay')?.data).toMatchObject({
      committedAt: new Date('2026-11-12T18:00:00+08:00').toISOString(),
    });
    expect(e.find((x) => x.action === 'feedback')?.data).toMatchObject({
      late: true,
      explanation: '因更换主管道超期，已致歉',
    });
  });

  it('a supervisor opens a case by hand', async () => {
    const id = await completed('general');
    expect(
      (await supervisor.post(`/api/v1/tickets/${id}/supervision`, { reason: '媒体关注' })).statusCode,
    ).toBe(201);
    expect((await operator.post(`/api/v1/tickets/${id}/supervision`, { reason: 'x' })).statusCode).toBe(403);
  });
});

describe('reopen', () => {
  it('within 15 days of archiving the office reopens into supervision; after the window it is refused', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const a = await completed('urgent');
    await post(handler, a, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
    await post(revisitor, a, 'revisit', { outcome: 'satisfied', note: '' });
    t.clock.advance(10 * 86400);
    const reopened = await post(operator, a, 'reopen', { reason: '群众反映问题复发' });
    expect(reopened.status).toBe('supervising');
    const cases = (
      (await supervisor.get(`/api/v1/supervision/cases?ticketId=${a}`)).json() as {
        items: { reason: string }[];
      }
    ).items;
    expect(cases.map((c) => c.reason)).toEqual(['reopened']);

    const b = await completed('urgent');
    await post(handler, b, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
    await post(revisitor, b, 'revisit', { outcome: 'satisfied', note: '' });
    t.clock.advance(16 * 86400);
    await post(operator, b, 'reopen', { reason: '复发' }, 409);
  });
});

describe('personal rating link', () => {
  it('is sent with the feedback, rates its own ticket once, and nothing else', async () => {
    const { sql } = await import('drizzle-orm');
    const { queryRows } = await import('../db/client.js');
    const a = await completed('urgent');
    const b = await completed('urgent');
    await post(handler, a, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
    await post(handler, b, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
    const sms = await queryRows<{ body: string; ticket_id: string; to_enc: string }>(
      t.ctx.db,
      sql`SELECT body, ticket_id, to_enc FROM outbox_messages WHERE ticket_id = ${a}`,
    );
    expect(sms).toHaveLength(1);
    expect(sms[0]?.to_enc).not.toContain('1381234');
    const token = /#([\w-]+)$/.exec(sms[0]?.body ?? '')?.[1] as string;
    expect(token.length).toBeGreaterThanOrEqual(32);

    expect((await t.anonymous.post('/api/v1/public/rating/info', { token })).json()).toMatchObject({
      status: 'replied',
      canRate: true,
    });
    const rated = await t.anonymous.post('/api/v1/public/rating', {
      token,
      outcome: 'basically_satisfied',
      note: '还行',
    });
    expect(rated.statusCode, rated.body).toBe(200);
    const ticketA = (await operator.get(`/api/v1/tickets/${a}`)).json() as Ticket;
    expect(ticketA).toMatchObject({ status: 'archived', revisitOutcome: 'basically_satisfied' });
    const ev = (await events(a)).find((e) => e.action === 'revisit');
    expect(ev?.data).toMatchObject({ via: 'rating-link' });
    // Once only; and the other ticket is untouched.
    expect(
      (await t.anonymous.post('/api/v1/public/rating', { token, outcome: 'unsatisfied' })).statusCode,
    ).toBe(404);
    expect(((await operator.get(`/api/v1/tickets/${b}`)).json() as Ticket).status).toBe('replied');
    expect(
      (await t.anonymous.post('/api/v1/public/rating', { token: 'x'.repeat(32), outcome: 'satisfied' }))
        .statusCode,
    ).toBe(404);
  });
});
