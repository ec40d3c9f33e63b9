/**
 * R6.1 the supervision office's case list: by age and escalation level (notices issued), open or closed, by
 * reason and unit, sorted and paginated on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let handler: Client;
let revisitor: Client;
let supervisor: Client;

type Case = {
  ticketId: string;
  reason: string;
  notices: number;
  openSeconds: number;
  closedAt: string | null;
  leadUnitId: string | null;
};
type CaseList = { items: Case[]; total: number };

const post = async (c: Client, id: string, action: string, body: unknown) => {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
};
const list = async (query: string, c = supervisor): Promise<CaseList> => {
  const res = await c.get(`/api/v1/supervision/cases?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CaseList;
};

/** A general ticket handled up to the feedback by the street. */
async function replied(): Promise<string> {
  const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' }))).json() as {
    id: string;
  };
  await post(operator, id, 'dispatch', { unitId: t.units.get('S220204-BJL') });
  await post(handler, id, 'accept', { responsiblePerson: '王建军' });
  await post(handler, id, 'verify', { text: '已核实' });
  await post(handler, id, 'complete', { result: '已办结' });
  await post(handler, id, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
  return id;
}

const notice = (id: string) =>
  post(supervisor, id, 'supervise', { notice: '限期整改', dueAt: '2026-11-30T18:00:00+08:00' });

let a = '';
let b = '';
let c = '';
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  revisitor = await t.as('revisitor');
  supervisor = await t.as('supervisor');
  // A: unsatisfied, one notice, still open. B: opened by hand a day later, no notice. C: unsatisfied two
  // days later, one notice, then solved and closed.
  t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
  a = await replied();
  await post(revisitor, a, 'revisit', { outcome: 'unsatisfied', note: '没有解决' });
  await notice(a);
  t.clock.advance(86400);
  b = await replied();
  expect((await supervisor.post(`/api/v1/tickets/${b}/supervision`, { reason: '媒体关注' })).statusCode).toBe(
    201,
  );
  t.clock.advance(86400);
  c = await replied();
  await post(revisitor, c, 'revisit', { outcome: 'unsatisfied', note: '没有解决' });
  await notice(c);
  await post(handler, c, 'complete', { result: '已彻底整改' });
  await post(handler, c, 'feedback', { toComplainant: '已告知', toOffice: '已整改' });
  await post(revisitor, c, 'revisit', { outcome: 'satisfied', note: '' });
  t.clock.advance(3600);
});
afterAll(() => t.close());

describe('R6.1 supervision cases', () => {
  it('when nothing is chosen, then the open cases come oldest first with their age and level', async () => {
    const open = await list('');
    expect(open.total).toBe(2);
    expect(open.items.map((x) => x.ticketId)).toEqual([a, b]);
    expect(open.items[0]).toMatchObject({ reason: 'unsatisfied', notices: 1, closedAt: null });
    expect(open.items[1]).toMatchObject({ reason: 'manual', notices: 0 });
    // A opened two days and an hour ago, B a day and an hour ago.
    expect(open.items[0]?.openSeconds).toBe(2 * 86400 + 3600);
    expect(open.items[1]?.openSeconds).toBe(86400 + 3600);
    expect((await list('sort=-age')).items.map((x) => x.ticketId)).toEqual([b, a]);
  });

  it('when filtering by state, reason, level or unit, then only those cases are counted and listed', async () => {
    const closed = await list('state=closed');
    expect(closed.items.map((x) => x.ticketId)).toEqual([c]);
    expect(closed.items[0]?.closedAt).not.toBeNull();
    expect(closed.items[0]?.notices).toBe(1);
    expect((await list('state=all')).total).toBe(3);
    expect((await list('reason=manual')).items.map((x) => x.ticketId)).toEqual([b]);
    expect((await list('minNotices=1')).items.map((x) => x.ticketId)).toEqual([a]);
    expect((await list('maxNotices=0')).items.map((x) => x.ticketId)).toEqual([b]);
    expect((await list(`unitId=${t.units.get('S220204-BJL')}`)).total).toBe(2);
    expect((await list(`unitId=${t.units.get('DEPT-CGJ')}`)).total).toBe(0);
    expect((await list('state=all&sort=notices')).items.map((x) => x.ticketId)).toEqual([a, c, b]);
  });

  it('when paging, then the total stays and each page holds its share', async () => {
    const second = await list('state=all&pageSize=2&page=2');
    expect(second.total).toBe(3);
    expect(second.items.map((x) => x.ticketId)).toEqual([c]);
  });

  it('when the level range is inverted or the reason unknown, then the request is refused with the field', async () => {
    const inverted = await supervisor.get('/api/v1/supervision/cases?minNotices=2&maxNotices=1');
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json()).toMatchObject({ error: { code: 'REQUEST.INVALID' } });
    expect((await supervisor.get('/api/v1/supervision/cases?reason=whim')).statusCode).toBe(400);
  });

  it('when a unit handler asks, then it is refused', async () => {
    expect((await handler.get('/api/v1/supervision/cases')).statusCode).toBe(403);
  });
});
