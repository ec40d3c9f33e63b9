/**
 * R2.2 merged duplicates follow their parent everywhere: no row of their own in the office queue, the unit's
 * inbox or the revisit queue, no action of their own but being separated again (取消合并, office only, audited,
 * through the write path); the parent says how many complainants it stands for; the revisit queue calls every
 * complainant of a group from the parent's row, each outcome recorded on their own ticket (R4.6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { policyVersions } from '../db/schema.js';
import { DEFAULT_POLICY } from '../../shared/policy.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let handler: Client;
let revisitor: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  revisitor = await t.as('revisitor');
});
afterAll(() => t.close());

interface View {
  id: string;
  code: string;
  status: string;
  parentTicketId: string | null;
  parentCode: string | null;
  complainantCount: number;
  allowedActions: string[];
  deadlines: { completeDueAt: string | null };
  rev: number;
}
interface Member {
  id: string;
  code: string;
  parent: boolean;
  status: string;
  complainant: { name: string; unmasked: boolean };
  allowedActions: string[];
  revisitOutcome: string | null;
}
const BJL = () => t.units.get('S220204-BJL') as string;

async function register(name: string, phone: string, urgency: 'urgent' | 'general' = 'general') {
  const res = await operator.post('/api/v1/tickets', ticketBody({ urgency, complainant: { name, phone } }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as View;
}
async function ok(c: Client, id: string, action: string, body: unknown) {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as View;
}
const list = async (c: Client, query: string) =>
  ((await c.get(`/api/v1/tickets?${query}&pageSize=200`)).json() as { items: View[] }).items.map((x) => x.id);
const view = async (c: Client, id: string) => (await c.get(`/api/v1/tickets/${id}`)).json() as View;

/** A parent with two duplicates merged into it. */
async function group(urgency: 'urgent' | 'general' = 'general') {
  const parent = await register('甲一', '13500001001', urgency);
  const a = await register('乙二', '13500001002', urgency);
  const b = await register('丙三', '13500001003', urgency);
  for (const child of [a, b])
    expect(
      (await operator.post(`/api/v1/tickets/${child.id}/merge`, { parentId: parent.id })).statusCode,
    ).toBe(200);
  return { parent, a, b };
}

async function handleToFeedback(id: string) {
  await ok(handler, id, 'accept', { responsiblePerson: '李四' });
  await ok(handler, id, 'verify', { text: '已核实' });
  await ok(handler, id, 'complete', { result: '已清淤' });
  await ok(handler, id, 'feedback', { toComplainant: '已清淤疏通', toOffice: '已办结' });
}

describe('R2.2 a merged ticket has no place of its own', () => {
  it('not in the office queue, not in the unit’s inbox; no action but the parent’s; a banner names the parent', async () => {
    const { parent, a, b } = await group();
    const queue = await list(operator, 'status=registered');
    expect(queue).toContain(parent.id);
    expect(queue).not.toContain(a.id);
    expect(queue).not.toContain(b.id);
    const child = await view(operator, a.id);
    expect(child).toMatchObject({ parentTicketId: parent.id, parentCode: parent.code, allowedActions: [] });
    expect((await view(operator, parent.id)).complainantCount).toBe(3);
    // A search by its code still finds it; a search by words finds the group by its parent only.
    expect(await list(operator, `q=${a.code}`)).toEqual([a.id]);
    const byWords = await list(operator, `q=${encodeURIComponent('下水井堵塞')}`);
    expect(byWords).toContain(parent.id);
    expect(byWords).not.toContain(a.id);

    await ok(operator, parent.id, 'dispatch', { unitId: BJL() });
    const inbox = await list(handler, 'link=handling&sort=dueAt');
    expect(inbox).toContain(parent.id);
    expect(inbox).not.toContain(a.id);
    // The unit sees it follow the parent, with the parent's deadline, and nothing to sign for on it.
    const followed = await view(handler, a.id);
    const p = await view(handler, parent.id);
    expect(followed).toMatchObject({ status: 'dispatched', allowedActions: [] });
    expect(followed.deadlines.completeDueAt).toBe(p.deadlines.completeDueAt);
    expect(p.allowedActions).toContain('accept');
    const refused = await handler.post(`/api/v1/tickets/${a.id}/accept`, { responsiblePerson: '李四' });
    expect(refused.statusCode).toBe(409);
  });
});

describe('R4.6 the revisit queue calls each complainant of a group once, from the parent’s row', () => {
  it('one row per group; each complainant’s outcome on their own ticket; the row stays until the last is called', async () => {
    const { parent, a, b } = await group();
    await ok(operator, parent.id, 'dispatch', { unitId: BJL() });
    await handleToFeedback(parent.id);
    const rows = await list(revisitor, 'queue=revisit');
    expect(rows).toContain(parent.id);
    expect(rows).not.toContain(a.id);
    expect(rows).not.toContain(b.id);

    const members = (await revisitor.get(`/api/v1/tickets/${parent.id}/group`)).json() as Member[];
    expect(members.map((m) => [m.code, m.parent, m.status])).toEqual([
      [parent.code, true, 'replied'],
      [a.code, false, 'replied'],
      [b.code, false, 'replied'],
    ]);
    // The revisitor calls each complainant: their names in full (R9.1: the office handles it), revisit open on each.
    expect(members.map((m) => m.complainant)).toEqual([
      expect.objectContaining({ name: '甲一', unmasked: true }),
      expect.objectContaining({ name: '乙二', unmasked: true }),
      expect.objectContaining({ name: '丙三', unmasked: true }),
    ]);
    expect(members.every((m) => m.allowedActions.includes('revisit'))).toBe(true);

    await ok(revisitor, parent.id, 'revisit', { outcome: 'satisfied', note: '' });
    await ok(revisitor, a.id, 'revisit', { outcome: 'basically_satisfied', note: '' });
    // One complainant still waits: the group's row stays.
    expect(await list(revisitor, 'queue=revisit')).toContain(parent.id);
    await ok(revisitor, b.id, 'revisit', { outcome: 'satisfied', note: '' });
    expect(await list(revisitor, 'queue=revisit')).not.toContain(parent.id);
    const after = (await revisitor.get(`/api/v1/tickets/${parent.id}/group`)).json() as Member[];
    expect(after.map((m) => [m.status, m.revisitOutcome])).toEqual([
      ['archived', 'satisfied'],
      ['archived', 'basically_satisfied'],
      ['archived', 'satisfied'],
    ]);
  });

  it('a group not drawn for a revisit (R4.6.2) is archived together', async () => {
    await t.ctx.db
      .update(policyVersions)
      .set({ data: { ...DEFAULT_POLICY, revisitSampleRate: 0 } })
      .where(eq(policyVersions.version, 1));
    t.ctx.policy.invalidate();
    try {
      const { parent, a, b } = await group();
      await ok(operator, parent.id, 'dispatch', { unitId: BJL() });
      await handleToFeedback(parent.id);
      for (const id of [parent.id, a.id, b.id]) expect((await view(operator, id)).status).toBe('archived');
    } finally {
      await t.ctx.db
        .update(policyVersions)
        .set({ data: { ...DEFAULT_POLICY, revisitSampleRate: 1 } })
        .where(eq(policyVersions.version, 1));
      t.ctx.policy.invalidate();
    }
  });
});

describe('取消合并 (separate again)', () => {
  it('is the office’s alone, audited, with an event on both tickets; the ticket is then handled on its own', async () => {
    const { parent, a } = await group();
    await ok(operator, parent.id, 'dispatch', { unitId: BJL() });
    const denied = await handler.post(`/api/v1/tickets/${a.id}/unmerge`, { reason: '不是同一问题' });
    expect(denied.statusCode).toBe(403);
    expect((await operator.post(`/api/v1/tickets/${a.id}/unmerge`, {})).statusCode).toBe(400);

    const before = await view(operator, a.id);
    const res = await operator.post(`/api/v1/tickets/${a.id}/unmerge`, { reason: '不是同一问题' });
    expect(res.statusCode, res.body).toBe(200);
    const separated = res.json() as View;
    expect(separated).toMatchObject({ parentTicketId: null, parentCode: null, status: 'dispatched' });
    expect(separated.rev).toBe(before.rev + 1);
    expect((await view(operator, parent.id)).complainantCount).toBe(2);
    // Its own row again, and the unit may sign for it.
    expect(await list(handler, 'link=handling&sort=dueAt')).toContain(a.id);
    expect((await view(handler, a.id)).allowedActions).toContain('accept');

    const events = async (id: string) =>
      (
        (await operator.get(`/api/v1/tickets/${id}/events`)).json() as {
          action: string;
          data: { reason?: string };
        }[]
      ).map((e) => [e.action, e.data.reason]);
    expect(await events(a.id)).toContainEqual(['unmerge', '不是同一问题']);
    expect(await events(parent.id)).toContainEqual(['unmerge-child', '不是同一问题']);
    const log = (
      await (await t.as('auditor')).get(`/api/v1/audit?ticketId=${a.id}&action=ticket.unmerge`)
    ).json() as {
      total: number;
    };
    expect(log.total).toBe(1);
    // A ticket not merged cannot be separated.
    expect((await operator.post(`/api/v1/tickets/${a.id}/unmerge`, { reason: '再来一次' })).statusCode).toBe(
      409,
    );
  });
});
