/**
 * Permission matrix (R9.1): role × action × own/other unit.
 * Other units' tickets answer 404 byte-identical to a ticket that does not exist; a visible ticket with a
 * wrong role answers 403; the right role in the wrong state answers 409 — and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
const actors: Record<string, Client> = {};
const ACTORS = {
  admin: 'admin',
  operator: 'operator',
  revisitor: 'revisitor',
  supervisor: 'supervisor',
  leader: 'leader',
  ownHandler: 's220204-bjl.handler',
  ownLeader: 's220204-bjl.leader',
  superior: 'd220204.handler',
  otherUnit: 's220202-ya.handler',
} as const;
type ActorName = keyof typeof ACTORS;

beforeAll(async () => {
  t = await startTestApp();
  for (const [name, username] of Object.entries(ACTORS)) actors[name] = await t.as(username);
});
afterAll(() => t.close());

const street = () => t.units.get('S220204-BJL') as string;
const MISSING = '00000000-0000-4000-8000-000000000000';

/** Walks a fresh urgent ticket (dispatched to the own street) to the state an action needs. */
async function ticketReadyFor(action: string, urgency: 'urgent' | 'general' = 'urgent'): Promise<string> {
  const op = actors.operator as Client;
  const h = actors.ownHandler as Client;
  const rv = actors.revisitor as Client;
  const created = (await op.post('/api/v1/tickets', ticketBody({ urgency }))).json() as { id: string };
  const id = created.id;
  const run = async (c: Client, a: string, body: unknown) => {
    const res = await c.post(`/api/v1/tickets/${id}/${a}`, body);
    if (res.statusCode !== 200) throw new Error(`${a}: ${res.body}`);
  };
  const path: [Client, string, unknown][] = [
    [op, 'dispatch', { unitId: street() }],
    [h, 'accept', { responsiblePerson: '王建军' }],
    urgency === 'urgent' ? [h, 'report-disposal', { text: '已处置' }] : [h, 'verify', { text: '已核实' }],
    [h, 'complete', { result: '已办结' }],
    [h, 'feedback', { toComplainant: '已告知', toOffice: '已办结' }],
    [rv, 'revisit', { outcome: 'unsatisfied', note: '' }],
  ];
  const stopBefore: Record<string, number> = {
    dispatch: 0,
    accept: 1,
    return: 1,
    'report-disposal': 2,
    verify: 2,
    plan: 3,
    complete: 3,
    feedback: 4,
    revisit: 5,
    supervise: 6,
    'close-supervision': 6,
    'request-assistance': 1,
    'add-assist': 1,
  };
  if (action === 'review-return') {
    await run(op, 'dispatch', { unitId: street() });
    await run(h, 'return', { reason: '不属于本单位' });
    return id;
  }
  for (const [c, a, body] of path.slice(0, stopBefore[action])) await run(c, a, body);
  return id;
}

const BODIES: Record<string, unknown> = {
  dispatch: () => ({ unitId: street() }),
  accept: { responsiblePerson: '李四' },
  return: { reason: '不属于本单位职责' },
  'review-return': { accept: false, reason: '属于你单位职责' },
  'report-disposal': { text: '已到场处置' },
  verify: { text: '已核实' },
  plan: { plan: '列入计划', promisedAt: '2026-12-20T18:00:00+08:00' },
  complete: { result: '已办结' },
  feedback: { toComplainant: '已告知', toOffice: '已回复' },
  revisit: { outcome: 'satisfied', note: '' },
  supervise: { notice: '限期整改', dueAt: '2026-12-01T18:00:00+08:00' },
  'close-supervision': { decision: '经核查已解决' },
  'request-assistance': { reason: '需要供水集团配合' },
  'add-assist': () => ({ unitIds: [t.units.get('ENT-WATER')], note: '协办' }),
};
const body = (action: string) => {
  const b = BODIES[action];
  return typeof b === 'function' ? (b as () => unknown)() : b;
};

/** Who may take each action (200); every other visible actor gets 403, other units and admin 404. */
const ALLOWED: Record<string, ActorName[]> = {
  dispatch: ['operator'],
  'review-return': ['operator'],
  accept: ['ownHandler', 'ownLeader'],
  return: ['ownHandler', 'ownLeader'],
  'report-disposal': ['ownHandler', 'ownLeader'],
  verify: ['ownHandler', 'ownLeader'],
  plan: ['ownHandler', 'ownLeader'],
  complete: ['ownHandler', 'ownLeader'],
  feedback: ['ownHandler', 'ownLeader'],
  revisit: ['operator', 'revisitor'],
  supervise: ['supervisor'],
  'close-supervision': ['supervisor'],
  'request-assistance': ['ownHandler', 'ownLeader'],
  'add-assist': ['operator'],
};
/** Actors that cannot see a dispatched urgent ticket of the own street at all. */
const BLIND: ActorName[] = ['admin', 'otherUnit'];

describe('permission matrix: every ticket action × every role, own unit vs other unit', () => {
  for (const [action, allowed] of Object.entries(ALLOWED)) {
    const urgency = action === 'verify' || action === 'plan' ? 'general' : 'urgent';
    it(`${action}: allowed for ${allowed.join(', ')}; 404 for ${BLIND.join(', ')}; 403 for the rest; nothing changes when refused`, async () => {
      const refused = await ticketReadyFor(action, urgency);
      const before = (await (actors.operator as Client).get(`/api/v1/tickets/${refused}/events`)).body;
      const missing = await (actors.ownHandler as Client).post(
        `/api/v1/tickets/${MISSING}/${action}`,
        body(action),
      );
      for (const name of Object.keys(ACTORS) as ActorName[]) {
        if (allowed.includes(name)) continue;
        // Registered tickets are dispatched to nobody: units cannot see them yet.
        const blind =
          BLIND.includes(name) ||
          (action === 'dispatch' && ['ownHandler', 'ownLeader', 'superior'].includes(name));
        const res = await (actors[name] as Client).post(`/api/v1/tickets/${refused}/${action}`, body(action));
        if (blind) {
          expect(res.statusCode, `${name} ${action}`).toBe(404);
          expect(res.body, `${name} ${action}: 404 identical to a missing ticket`).toBe(missing.body);
        } else {
          expect(res.statusCode, `${name} ${action}: ${res.body}`).toBe(403);
          expect(res.json()).toMatchObject({ error: { code: 'AUTH.FORBIDDEN' } });
        }
      }
      expect((await (actors.operator as Client).get(`/api/v1/tickets/${refused}/events`)).body).toBe(before);
      for (const name of allowed) {
        const id = await ticketReadyFor(action, urgency);
        const res = await (actors[name] as Client).post(`/api/v1/tickets/${id}/${action}`, body(action));
        expect(res.statusCode, `${name} ${action}: ${res.body}`).toBe(200);
      }
    });
  }
});

describe('read paths', () => {
  it('R9.1 the ticket, its timeline and lists: visible to the office, supervision, leaders, the own unit and the copied superior; 404 for everyone else', async () => {
    const id = await ticketReadyFor('accept');
    const missingTicket = await (actors.otherUnit as Client).get(`/api/v1/tickets/${MISSING}`);
    const missingEvents = await (actors.otherUnit as Client).get(`/api/v1/tickets/${MISSING}/events`);
    const expected: Record<ActorName, number> = {
      admin: 404,
      operator: 200,
      revisitor: 200,
      supervisor: 200,
      leader: 200,
      ownHandler: 200,
      ownLeader: 200,
      superior: 200,
      otherUnit: 404,
    };
    for (const [name, status] of Object.entries(expected) as [ActorName, number][]) {
      const c = actors[name] as Client;
      const one = await c.get(`/api/v1/tickets/${id}`);
      const events = await c.get(`/api/v1/tickets/${id}/events`);
      const list = (await c.get('/api/v1/tickets?pageSize=200')).json() as { items: { id: string }[] };
      expect(one.statusCode, name).toBe(status);
      expect(events.statusCode, name).toBe(status);
      expect(
        list.items.some((x) => x.id === id),
        `${name} list`,
      ).toBe(status === 200);
      if (status === 404) {
        expect(one.body).toBe(missingTicket.body);
        expect(events.body).toBe(missingEvents.body);
        expect(one.body).not.toContain('张');
      }
    }
  });

  it('R9.1 personal data is unmasked for the office, supervision and the handling unit; masked for leaders and the copied superior', async () => {
    const id = await ticketReadyFor('accept');
    const unmasked: ActorName[] = ['operator', 'revisitor', 'supervisor', 'ownHandler', 'ownLeader'];
    const masked: ActorName[] = ['leader', 'superior'];
    for (const name of unmasked) {
      const c = (
        (await (actors[name] as Client).get(`/api/v1/tickets/${id}`)).json() as { complainant: unknown }
      ).complainant;
      expect(c, name).toMatchObject({ name: '张三', phone: '13812345678', unmasked: true });
    }
    for (const name of masked) {
      const res = await (actors[name] as Client).get(`/api/v1/tickets/${id}`);
      expect((res.json() as { complainant: unknown }).complainant, name).toMatchObject({
        name: '张*',
        phone: '138****5678',
        unmasked: false,
      });
      expect(res.body).not.toContain('13812345678');
      expect(res.body).not.toContain('501');
    }
  });

  it('a unit leader of a district sees tickets dispatched to its streets (subordinate units)', async () => {
    const id = await ticketReadyFor('verify', 'general'); // general: no copy to the superior
    const districtLeader = await t.as('d220204.leader');
    expect((await districtLeader.get(`/api/v1/tickets/${id}`)).statusCode).toBe(200);
    const otherDistrict = await t.as('d220202.leader');
    expect((await otherDistrict.get(`/api/v1/tickets/${id}`)).statusCode).toBe(404);
  });
});
