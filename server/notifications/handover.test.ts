/**
 * Every hand-over tells who must act next (R4.2 dispatch, R4.4 退单 and its decision, R5.1 reassignment, R6.1 督办
 * and reopening): the receiving unit's handlers, and its leader for urgent tickets and 督办; pushed to open pages
 * (Server-Sent Events) when the change commits; a deadline moved into its warning window warns at once; the SMS
 * copy, when configured, carries no content and no personal data (R9.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notifications, users } from '../db/schema.js';
import { notifyUnits } from './notification.service.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let handler: Client;
let leader: Client;
beforeAll(async () => {
  t = await startTestApp({ config: { notifySms: 'urgent' } });
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  leader = await t.as('s220204-bjl.leader');
});
afterAll(() => t.close());

type Note = { id: number; ticketId: string | null; kind: string; title: string; body: string };
const u = (code: string) => t.units.get(code) as string;
const BJL_ID = () => u('S220204-BJL');
const NAME = '欧阳娜娜';
const PHONE = '13911112222';

async function register(urgency: 'urgent' | 'general', title: string): Promise<{ id: string; code: string }> {
  const res = await operator.post(
    '/api/v1/tickets',
    ticketBody({ urgency, title, complainant: { name: NAME, phone: PHONE } }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string };
}
async function post(c: Client, id: string, action: string, body: unknown) {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { status: string; deadlines: { completeDueAt: string | null } };
}
/** The unread notifications of a user about one ticket. */
async function notes(c: Client, ticketId: string): Promise<Note[]> {
  const list = (await c.get('/api/v1/notifications?unread=true&limit=200')).json() as Note[];
  return list.filter((n) => n.ticketId === ticketId);
}

describe('R4.2 dispatch', () => {
  it('an urgent ticket tells the unit’s handlers and its leader; a general one its handlers only', async () => {
    const urgent = await register('urgent', '北京路突然停电');
    await post(operator, urgent.id, 'dispatch', { unitId: u('S220204-BJL') });
    expect((await notes(handler, urgent.id)).map((n) => n.kind)).toEqual(['dispatch']);
    expect((await notes(leader, urgent.id)).map((n) => n.kind)).toEqual(['dispatch']);
    const [n] = await notes(handler, urgent.id);
    expect(n?.title).toBe(`新工单：${urgent.code}`);
    expect(n?.body).toContain('北京路突然停电');
    expect(n?.body).toContain('紧急类');

    const general = await register('general', '北京路路灯不亮');
    await post(operator, general.id, 'dispatch', { unitId: u('S220204-BJL') });
    expect((await notes(handler, general.id)).map((n) => n.kind)).toEqual(['dispatch']);
    expect(await notes(leader, general.id)).toEqual([]);
    // Another unit hears nothing of it.
    expect(await notes(await t.as('s220204-ds.handler'), general.id)).toEqual([]);
  });
});

describe('R4.4 退单 and its decision', () => {
  it('a return tells the office; a rejection tells the unit to go on; an acceptance tells the new unit and the old', async () => {
    const a = await register('general', '德胜路积水');
    await post(operator, a.id, 'dispatch', { unitId: u('S220204-BJL') });
    await post(handler, a.id, 'return', { reason: '不属本街道' });
    const toOffice = await notes(await t.as('operator2'), a.id);
    expect(toOffice.map((n) => [n.kind, n.title])).toEqual([['return', `退单待审定：${a.code}`]]);
    expect(toOffice[0]?.body).toContain('不属本街道');
    // The operator who reviews is told too; the handler who returned is not told of their own act.
    expect((await notes(handler, a.id)).map((n) => n.kind)).toEqual(['dispatch']);

    await post(operator, a.id, 'review-return', { accept: false, reason: '属地责任' });
    const rejected = (await notes(handler, a.id)).find((n) => n.kind === 'return-decision');
    expect(rejected?.title).toBe(`退单未获同意：${a.code}`);
    expect(rejected?.body).toContain('属地责任');

    const b = await register('general', '德胜路井盖缺失');
    await post(operator, b.id, 'dispatch', { unitId: u('S220204-BJL') });
    await post(handler, b.id, 'return', { reason: '属德胜街道' });
    await post(operator, b.id, 'review-return', {
      accept: true,
      unitId: u('S220204-DS'),
      reason: '改派德胜',
    });
    const ds = await notes(await t.as('s220204-ds.handler'), b.id);
    expect(ds.map((n) => [n.kind, n.title])).toEqual([['dispatch', `改派工单：${b.code}`]]);
    expect((await notes(handler, b.id)).map((n) => n.kind).sort()).toEqual(['dispatch', 'return-decision']);
  });
});

describe('R4.2.2 sub-dispatch and assisting units', () => {
  it('the unit passed to and the units asked to assist are told', async () => {
    const a = await register('general', '船营区道路破损');
    await post(operator, a.id, 'dispatch', { unitId: u('D220204') });
    await post(await t.as('d220204.handler'), a.id, 'sub-dispatch', {
      unitId: u('S220204-BJL'),
      note: '请北京路街道办理',
    });
    expect((await notes(handler, a.id)).map((n) => n.kind)).toEqual(['sub-dispatch']);
    await post(operator, a.id, 'add-assist', { unitIds: [u('S220204-DS')], note: '请协助' });
    expect((await notes(await t.as('s220204-ds.handler'), a.id)).map((n) => n.kind)).toEqual(['assist']);
  });
});

describe('R6.1 督办 and reopening', () => {
  async function unsatisfied(title: string) {
    const x = await register('urgent', title);
    await post(operator, x.id, 'dispatch', { unitId: u('S220204-BJL') });
    await post(handler, x.id, 'accept', { responsiblePerson: '李四' });
    await post(handler, x.id, 'report-disposal', { text: '已到现场' });
    await post(handler, x.id, 'complete', { result: '已处理' });
    await post(handler, x.id, 'feedback', { toComplainant: '已处理', toOffice: '已办结' });
    await post(await t.as('revisitor'), x.id, 'revisit', { outcome: 'unsatisfied', note: '没修好' });
    return x;
  }

  it('a send-back with a new deadline tells the handlers and the leader, with the old and the new deadline', async () => {
    const x = await unsatisfied('北京路供暖不热');
    const supervisor = await t.as('supervisor');
    const before = (await handler.get(`/api/v1/tickets/${x.id}`)).json() as {
      deadlines: { completeDueAt: string };
    };
    const dueAt = new Date(t.clock.now().getTime() + 3 * 86_400_000);
    await post(supervisor, x.id, 'supervise', { notice: '三日内解决', dueAt: dueAt.toISOString() });
    for (const c of [handler, leader]) {
      const n = (await notes(c, x.id)).find((m) => m.kind === 'supervise');
      expect(n?.title).toBe(`督办：${x.code}`);
      expect(n?.body).toContain('三日内解决');
      const bj = (iso: string) =>
        new Date(new Date(iso).getTime() + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
      expect(n?.body).toContain(`新的办结时限 ${bj(dueAt.toISOString())}`);
      expect(n?.body).toContain(`原时限 ${bj(before.deadlines.completeDueAt)}`);
    }
  });

  it('a new deadline inside the warning window warns at once, without waiting for the timer sweep', async () => {
    const x = await unsatisfied('北京路下水道返味');
    // Urgent tickets warn 2 hours before their deadline (policy): one hour ahead is already inside the window.
    const dueAt = new Date(t.clock.now().getTime() + 3600_000);
    await post(await t.as('supervisor'), x.id, 'supervise', {
      notice: '一小时内处置',
      dueAt: dueAt.toISOString(),
    });
    const kinds = (await notes(handler, x.id)).map((n) => n.kind);
    expect(kinds).toContain('deadline-warning');
    const events = (await operator.get(`/api/v1/tickets/${x.id}/events`)).json() as { action: string }[];
    expect(events.map((e) => e.action).slice(-2)).toEqual(['supervise', 'deadline-warning']);
    // The sweep does not warn a second time.
    await t.ctx.timers.sweep();
    expect((await notes(handler, x.id)).filter((n) => n.kind === 'deadline-warning')).toHaveLength(1);
  });

  it('a reopened ticket tells the unit that handled it and the supervision office', async () => {
    const x = await register('general', '北京路噪音扰民');
    await post(operator, x.id, 'dispatch', { unitId: u('S220204-BJL') });
    await post(handler, x.id, 'accept', { responsiblePerson: '李四' });
    await post(handler, x.id, 'verify', { text: '已核实' });
    await post(handler, x.id, 'complete', { result: '已处理' });
    await post(handler, x.id, 'feedback', { toComplainant: '已处理', toOffice: '已办结' });
    await post(await t.as('revisitor'), x.id, 'revisit', { outcome: 'satisfied', note: '' });
    await post(operator, x.id, 'reopen', { reason: '噪音又出现了' });
    expect((await notes(handler, x.id)).map((n) => n.kind)).toContain('reopen');
    expect((await notes(leader, x.id)).map((n) => n.kind)).toContain('reopen');
    expect((await notes(await t.as('supervisor'), x.id)).map((n) => n.kind)).toContain('supervision');
  });
});

describe('R9.1 and the SMS copy', () => {
  it('no notification names the complainant; the SMS copy (urgent only, as configured) holds only code, event and deadline', async () => {
    const all = await t.ctx.db.select().from(notifications);
    expect(all.length).toBeGreaterThan(10);
    for (const n of all) {
      expect(`${n.title}${n.body}${n.smsBody ?? ''}`).not.toContain(NAME);
      expect(`${n.title}${n.body}${n.smsBody ?? ''}`).not.toContain(PHONE.slice(-4));
    }
    const urgent = await register('urgent', '幸福小区燃气泄漏');
    await post(operator, urgent.id, 'dispatch', { unitId: u('S220204-BJL') });
    const rows = await t.ctx.db.select().from(notifications).where(eq(notifications.ticketId, urgent.id));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.smsBody).toContain(urgent.code);
      expect(r.smsBody).not.toContain('燃气');
    }
    const general = await register('general', '幸福小区路灯');
    await post(operator, general.id, 'dispatch', { unitId: u('S220204-BJL') });
    const quiet = await t.ctx.db.select().from(notifications).where(eq(notifications.ticketId, general.id));
    expect(quiet.map((r) => r.smsBody)).toEqual([null]);
  });
});

describe('in the recipient’s language', () => {
  it('the bell reads each notice in the reader’s UI language; the SMS copy is queued in the language each recipient chose', async () => {
    const x = await register('urgent', '北京路燃气管道异味');
    // The leader reads the UI in English; the handler never chose (Chinese).
    const chosen = await leader.inject({
      method: 'PUT',
      url: '/api/v1/notifications/language',
      payload: { lang: 'en' },
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const bad = await leader.inject({
      method: 'PUT',
      url: '/api/v1/notifications/language',
      payload: { lang: 'fr' },
    });
    expect(bad.statusCode).toBe(400);
    await post(operator, x.id, 'dispatch', { unitId: u('S220204-BJL') });

    const read = async (c: Client, lang: string) =>
      (
        (
          await c.inject({
            method: 'GET',
            url: '/api/v1/notifications?limit=200',
            headers: { 'accept-language': lang },
          })
        ).json() as Note[]
      ).filter((n) => n.ticketId === x.id);
    const [en] = await read(handler, 'en-US,en;q=0.9');
    expect(en?.title).toBe(`New ticket: ${x.code}`);
    expect(en?.body).toContain('has been passed to your unit (urgent');
    expect(en?.body).toContain('(Beijing time)');
    const [zh] = await read(handler, 'zh-CN');
    expect(zh?.title).toBe(`新工单：${x.code}`);
    expect(zh?.body).toContain('紧急类');

    const rows = await t.ctx.db
      .select({ sms: notifications.smsBody, user: users.username })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.ticketId, x.id));
    const sms = new Map(rows.map((r) => [r.user, r.sms]));
    expect(sms.get('s220204-bjl.leader')).toMatch(
      new RegExp(`^\\[Jilin 12345\\] Ticket ${x.code} has been passed to your unit \\(urgent\\); deadline `),
    );
    expect(sms.get('s220204-bjl.handler')).toContain(
      `【吉林市民生诉求】工单 ${x.code}已转你单位办理（紧急）`,
    );
    // Neither copy carries the request's content (R9.1).
    for (const text of sms.values()) expect(text).not.toContain('燃气');
  });
});

describe('pushed to the open page', () => {
  it('a client that does not ask for a stream gets the unread count once, as JSON', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/notifications/stream',
      headers: { authorization: `Bearer ${handler.token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ unread: expect.any(Number) });
  });

  it('a handler’s open stream hears the new unread count as soon as a ticket is dispatched to the unit', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/api/v1/notifications/stream`, {
      headers: { authorization: `Bearer ${handler.token}`, accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextUnread = async (): Promise<number> => {
      for (;;) {
        const m = /event: notifications\ndata: (\{[^\n]*\})\n\n/.exec(buffer);
        if (m) {
          buffer = buffer.slice((m.index ?? 0) + m[0].length);
          return (JSON.parse(m[1] as string) as { unread: number }).unread;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    const first = await nextUnread();
    expect(first).toBe(
      ((await handler.get('/api/v1/notifications?unread=true&limit=200')).json() as Note[]).length,
    );
    const x = await register('urgent', '北京路水管爆裂');
    await post(operator, x.id, 'dispatch', { unitId: u('S220204-BJL') });
    expect(await nextUnread()).toBe(first + 1);
    await reader.cancel();
  });
});

describe('told only of what happened', () => {
  it('a change rolled back pushes nothing; the same change committed pushes once', async () => {
    const [u] = await t.ctx.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 's220204-bjl.handler'));
    let heard = 0;
    const off = t.ctx.hub.subscribe(u?.id as string, () => heard++);
    const write = (fail: boolean) =>
      t.ctx.db.transaction(async (tx) => {
        await notifyUnits(tx, [BJL_ID()], ['unit_handler'], {
          ticketId: null,
          kind: 'dispatch',
          notice: { t: 'reassigned', code: '测试', title: '测试' },
          at: t.clock.now(),
        });
        if (fail) throw new Error('rolled back');
      });
    await expect(write(true)).rejects.toThrow('rolled back');
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toBe(0);
    await write(false);
    await expect.poll(() => heard).toBe(1);
    off();
  });
});
