/**
 * SMS through a generic HTTP gateway — a real node:http server on loopback that checks every request's
 * HMAC-SHA256 signature and sometimes fails (503, a dropped connection, an answer that never comes). The
 * complainant's reply and rating link (R4.5, R4.6.3) and a unit's hand-over notice leave through it; each
 * message is accepted by the gateway at most once, across a restart of the worker; a number that replied TD or
 * that the administrator listed gets nothing; receipts come back signed; the office sees masked numbers (R9.1).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { outboxMessages } from '../db/schema.js';
import { fedBackBySms as walkToSmsReply, outboxRowsOf } from './sms.fixtures.js';
import { smsConfigFrom } from './sms.config.js';
import { createSmsWorker, type SmsWorker } from './sms.worker.js';
import { queueSms } from './sms.queue.js';
import type { SmsItem } from '../../shared/schemas/sms.js';

const SECRET = 'gateway-shared-secret';
const PHONE = '13812345678';

interface Seen {
  ref: string;
  to: string;
  text: string;
  signatureOk: boolean;
}

/** The gateway: what it saw, which refs it accepted, and how it treats a ref's n-th request. */
class Gateway {
  seen: Seen[] = [];
  accepted = new Map<string, number>();
  /** ref → what to do on its next request. */
  plan = new Map<string, ('503' | 'drop' | 'hang')[]>();
  hanging: ServerResponse[] = [];
  server: Server;
  url = '';
  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms/send`;
  }
  private async handle(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const ts = String(req.headers['x-jiesu-timestamp']);
    const want = 'sha256=' + createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
    const m = JSON.parse(body) as { to: string; text: string; ref: string };
    const signatureOk = req.headers['x-jiesu-signature'] === want;
    this.seen.push({ ref: m.ref, to: m.to, text: m.text, signatureOk });
    if (!signatureOk) return res.writeHead(401).end('{"code":401}');
    const next = this.plan.get(m.ref)?.shift();
    if (next === '503') return res.writeHead(503).end('{"code":503}');
    if (next === 'drop') return req.socket.destroy();
    if (next === 'hang') return void this.hanging.push(res);
    this.accepted.set(m.ref, (this.accepted.get(m.ref) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 0, data: { messageId: `gw-${m.ref}` } }));
  }
  requestsFor(ref: string) {
    return this.seen.filter((s) => s.ref === ref).length;
  }
}

let t: TestApp;
let gw: Gateway;
let operator: Client;
let handler: Client;
let admin: Client;
let worker: SmsWorker;

beforeAll(async () => {
  gw = new Gateway();
  await gw.start();
  t = await startTestApp({
    policy: { revisitSampleRate: 1 },
    config: {
      notifySms: 'urgent',
      sms: smsConfigFrom({
        JIESU_SMS_DRIVER: 'http',
        JIESU_SMS_HTTP_URL: gw.url,
        JIESU_SMS_HTTP_SECRET: SECRET,
        JIESU_SMS_HTTP_SUCCESS_PATH: 'code',
        JIESU_SMS_HTTP_SUCCESS_VALUE: '0',
        JIESU_SMS_HTTP_ID_PATH: 'data.messageId',
        JIESU_SMS_TIMEOUT_MS: '30000',
        JIESU_SMS_STALE_SECONDS: '120',
      }),
    },
  });
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  admin = await t.as('admin');
  worker = createSmsWorker(t.ctx) as SmsWorker;
});
afterAll(async () => {
  for (const res of gw.hanging) res.destroy();
  await worker.stop();
  await new Promise((r) => gw.server.close(r));
  await t.close();
});

const street = () => t.units.get('S220204-BJL') as string;
async function ok(c: Client, id: string, action: string, body: unknown) {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
}
const fedBackBySms = (phone = PHONE) =>
  walkToSmsReply({ t, operator, handler }, phone, '下水井已疏通，请您查看。');
const rowsOf = (ticketId: string) => outboxRowsOf(t, ticketId);
const signed = (
  path: string,
  payload: unknown,
  secret = SECRET,
  ts = Math.floor(t.clock.now().getTime() / 1000),
) => {
  const body = JSON.stringify(payload);
  return t.anonymous.inject({
    method: 'POST',
    url: path,
    headers: {
      'content-type': 'application/json',
      'x-jiesu-timestamp': String(ts),
      'x-jiesu-signature': 'sha256=' + createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex'),
    },
    payload: body,
  });
};

describe('R4.5 / R4.6.3 the complainant’s reply and rating link leave through the HTTP gateway', () => {
  it('both are sent, signed, in order, with the gateway’s message id recorded; the office sees a masked number', async () => {
    const id = await fedBackBySms();
    const tick = await worker.tick();
    expect(tick.sent).toBeGreaterThanOrEqual(2);
    const rows = await rowsOf(id);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['complainant.reply', 'sent'],
      ['complainant.rating-link', 'sent'],
    ]);
    expect(rows.map((r) => r.providerMessageId)).toEqual(rows.map((r) => `gw-${r.id}`));
    const mine = gw.seen.filter((s) => rows.some((r) => String(r.id) === s.ref));
    expect(mine.map((s) => s.signatureOk)).toEqual([true, true]);
    expect(mine.map((s) => s.to)).toEqual([PHONE, PHONE]);
    expect(mine[0]?.text).toContain('下水井已疏通，请您查看。');
    expect(mine[1]?.text).toMatch(/请您评价：http:\/\/.+\/public\/rate#[\w-]+$/);

    const list = await operator.get(`/api/v1/sms/messages?ticketId=${id}`);
    expect(list.statusCode, list.body).toBe(200);
    const items = (list.json() as { items: SmsItem[] }).items;
    expect(items.map((i) => i.to)).toEqual(['138****5678', '138****5678']);
    expect(list.body).not.toContain(PHONE);
    expect(list.body).not.toContain('rate#');
    // A unit's handler does not read the outbox.
    expect((await handler.get('/api/v1/sms/messages')).statusCode).toBe(403);
  });

  it('a signed receipt marks the message delivered; an unsigned or stale one is refused', async () => {
    const [row] = await t.ctx.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.status, 'sent'))
      .limit(1);
    const receipt = { receipts: [{ messageId: row!.providerMessageId!, status: 'DELIVRD' }] };
    const bad = await signed('/api/v1/sms/receipts', receipt, 'wrong-secret');
    expect(bad.statusCode).toBe(401);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('SMS.SIGNATURE_INVALID');
    const old = await signed(
      '/api/v1/sms/receipts',
      receipt,
      SECRET,
      Math.floor(t.clock.now().getTime() / 1000) - 3600,
    );
    expect(old.statusCode).toBe(401);
    const good = await signed('/api/v1/sms/receipts', receipt);
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toEqual({ recorded: 1 });
    const [after] = await t.ctx.db.select().from(outboxMessages).where(eq(outboxMessages.id, row!.id));
    expect([after?.status, after?.receiptStatus]).toEqual(['delivered', 'DELIVRD']);
  });
});

describe('at most once, across gateway failures and a restart of the worker', () => {
  it('every message is accepted once; a lost answer is never resent; retries back off', async () => {
    const at = t.clock.now();
    await t.ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 12; i++)
        await queueSms(tx, {
          kind: 'unit.notice',
          toEnc: t.ctx.cipher.encrypt('unit.sms_phone', `1390000${String(1000 + i)}`),
          vars: { notice: `【吉林市民生诉求】第 ${i} 条通知` },
          ticketId: null,
          at,
        });
    });
    const rows = await t.ctx.db.select().from(outboxMessages).where(eq(outboxMessages.status, 'pending'));
    expect(rows).toHaveLength(12);
    const refs = rows.map((r) => String(r.id));
    // Every third fails twice with 503; one answer is cut off (the gateway may have sent it).
    refs.forEach((ref, i) => i % 3 === 0 && gw.plan.set(ref, ['503', '503']));
    gw.plan.set(refs[1]!, ['drop']);
    // The worker dies while one send waits for its answer.
    gw.plan.set(refs[2]!, ['hang']);

    // Whatever the worker prints meanwhile is captured: it must name no number and no text (R9.1).
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(capture),
    );
    const first = createSmsWorker(t.ctx) as SmsWorker;
    const dying = first.tick();
    await until(() => gw.requestsFor(refs[2]!) === 1);
    // (the dying worker is abandoned here, its send still waiting; a new worker starts)
    const second = createSmsWorker(t.ctx) as SmsWorker;
    for (let i = 0; i < 8; i++) {
      await second.tick();
      t.clock.advance(150); // past each backoff, and past the stale time of the abandoned send
    }
    await second.tick();
    const final = new Map(
      (await t.ctx.db.select().from(outboxMessages)).map((r) => [String(r.id), r] as const),
    );
    // The abandoned send is unknown and was never requested again; the dropped one likewise.
    expect(final.get(refs[2]!)?.status).toBe('unknown');
    expect(gw.requestsFor(refs[2]!)).toBe(1);
    expect(final.get(refs[1]!)?.status).toBe('unknown');
    expect(gw.requestsFor(refs[1]!)).toBe(1);
    // Everything else was accepted exactly once, the failing ones after two refusals.
    for (const ref of refs.filter((_r, i) => i !== 1 && i !== 2)) {
      expect(final.get(ref)?.status, ref).toBe('sent');
      expect(gw.accepted.get(ref), ref).toBe(1);
    }
    expect(final.get(refs[0]!)?.attempts).toBe(3);
    expect(final.get(refs[0]!)?.lastError).toBeNull();
    expect([...gw.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(gw.seen.every((s) => s.signatureOk)).toBe(true);
    // What is recorded or printed about a failure names no number and no text.
    for (const r of final.values()) expect(`${r.lastError ?? ''}`).not.toMatch(/\d{7}|通知/);
    for (const s of spies) s.mockRestore();
    expect(printed.join('\n')).not.toMatch(/1390000\d{4}|通知/);

    // The gateway's late answer to the abandoned send: it was accepted after all, and that is recorded.
    gw.hanging
      .shift()
      ?.writeHead(200)
      .end(JSON.stringify({ code: 0, data: { messageId: `gw-${refs[2]}` } }));
    await dying;
    const [late] = await t.ctx.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, Number(refs[2])));
    expect(late?.status).toBe('sent');
    // The administrator may send an unknown one again by hand, after checking; nobody else may.
    expect((await handler.post(`/api/v1/sms/messages/${refs[1]}/requeue`)).statusCode).toBe(403);
    expect((await admin.post(`/api/v1/sms/messages/${refs[1]}/requeue`)).statusCode).toBe(204);
    await second.tick();
    expect(gw.accepted.get(refs[1]!)).toBe(1);
    await first.stop();
    await second.stop();
  });
});

describe('opt-out', () => {
  it('a number that replied TD, or that the administrator listed, gets nothing; the list shows masked numbers', async () => {
    const replied = '13700001234';
    const listed = '13600005678';
    const reply = await signed('/api/v1/sms/replies', { from: replied, text: ' td ' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toEqual({ recorded: 1 });
    expect((await signed('/api/v1/sms/replies', { from: replied, text: '谢谢' })).json()).toEqual({
      recorded: 0,
    });
    expect((await handler.post('/api/v1/sms/opt-outs', { phone: listed })).statusCode).toBe(403);
    const add = await admin.post('/api/v1/sms/opt-outs', { phone: `+86 ${listed}` });
    expect(add.statusCode, add.body).toBe(201);

    const a = await fedBackBySms(replied);
    const b = await fedBackBySms(listed);
    const before = gw.seen.length;
    await worker.tick();
    expect((await rowsOf(a)).map((r) => r.status)).toEqual(['opted_out', 'opted_out']);
    expect((await rowsOf(b)).map((r) => r.status)).toEqual(['opted_out', 'opted_out']);
    expect(gw.seen.slice(before).filter((s) => s.to === replied || s.to === listed)).toEqual([]);

    const list = await admin.get('/api/v1/sms/opt-outs');
    const entries = list.json() as { id: string; masked: string; source: string }[];
    expect(entries.map((e) => [e.masked, e.source]).sort()).toEqual([
      ['136****5678', 'admin'],
      ['137****1234', 'reply'],
    ]);
    expect(list.body).not.toContain(replied);
    // Taken off the list, the number gets messages again.
    const off = entries.find((e) => e.source === 'admin')!;
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/sms/opt-outs/${off.id}` })).statusCode).toBe(
      204,
    );
    const c = await fedBackBySms(listed);
    await worker.tick();
    expect((await rowsOf(c)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});

describe('templates and unit notices', () => {
  it('the administrator rewords a kind (only its own placeholders); the next message uses it', async () => {
    const bad = await admin.inject({
      method: 'PUT',
      url: '/api/v1/sms/templates/complainant.reply',
      payload: { body: '您好{name}' },
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('SMS.TEMPLATE_INVALID');
    const put = await admin.inject({
      method: 'PUT',
      url: '/api/v1/sms/templates/complainant.reply',
      payload: { body: '【吉林12345】受理编号{code}答复：{reply}' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const id = await fedBackBySms('13500002222');
    const [reply] = await rowsOf(id);
    expect(reply?.body).toMatch(/^【吉林12345】受理编号\w+答复：下水井已疏通，请您查看。$/);
    const reset = await admin.inject({
      method: 'PUT',
      url: '/api/v1/sms/templates/complainant.reply',
      payload: { body: null },
    });
    expect((reset.json() as { custom: boolean }).custom).toBe(false);
  });

  it('JIESU_NOTIFY_SMS: an urgent dispatch reaches the unit’s SMS number once (its handlers and leader share it), without the request’s content', async () => {
    const unitPhone = '13300003333';
    const set = await admin.inject({
      method: 'PUT',
      url: `/api/v1/sms/unit-numbers/${street()}`,
      payload: { phone: unitPhone },
    });
    expect(set.json()).toEqual({ unitId: street(), masked: '133****3333' });
    const numbers = await admin.get('/api/v1/sms/unit-numbers');
    expect(numbers.statusCode).toBe(200);
    expect(
      (numbers.json() as { code: string; masked: string | null }[]).find((u) => u.code === 'S220204-BJL')
        ?.masked,
    ).toBe('133****3333');
    expect(numbers.body).not.toContain(unitPhone);
    const res = await operator.post(
      '/api/v1/tickets',
      ticketBody({ urgency: 'urgent', title: '北京路突然停水' }),
    );
    const { id, code } = res.json() as { id: string; code: string };
    await ok(operator, id, 'dispatch', { unitId: street() });
    const before = gw.seen.length;
    const tick = await worker.tick();
    expect(tick.queuedNotices).toBe(1);
    const sent = gw.seen.slice(before).filter((s) => s.to === unitPhone);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain(code);
    expect(sent[0]?.text).not.toContain('停水');
    expect(sent[0]?.text).not.toContain(PHONE.slice(-4));
    // Handed over once: the next pass queues nothing more.
    expect((await worker.tick()).queuedNotices).toBe(0);
  });
});

describe('R6.1 督办 by SMS', () => {
  it('a ticket sent back with a new deadline reaches the unit’s number in the 督办 wording, with the new deadline', async () => {
    // The unit's number was set in the test before.
    const unitPhone = '13300003333';
    const revisitor = await t.as('revisitor');
    const supervisor = await t.as('supervisor');
    const id = await fedBackBySms('13500004444');
    await ok(revisitor, id, 'revisit', { outcome: 'unsatisfied', note: '问题仍在' });
    await ok(supervisor, id, 'supervise', { notice: '限两日内整改到位', dueAt: '2026-11-12T18:00:00+08:00' });
    const before = gw.seen.length;
    await worker.tick();
    const toUnit = gw.seen.slice(before).filter((s) => s.to === unitPhone);
    expect(toUnit.map((s) => s.text)).toEqual([
      expect.stringMatching(
        /^【吉林市民生诉求】工单 \S+ 被督办，新的办结时限 2026-11-12 18:00（北京时间）。请登录系统办理。$/,
      ),
    ]);
    const [row] = await t.ctx.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.kind, 'unit.supervise'));
    expect(row?.ticketId).toBe(id);
  });
});

describe('deadline notices by SMS (timers)', () => {
  it('an urgent ticket’s deadline warning and its overdue notice reach the unit’s number, once each', async () => {
    const unitPhone = '13300003333';
    const res = await operator.post(
      '/api/v1/tickets',
      ticketBody({ urgency: 'urgent', title: '北京路燃气泄漏' }),
    );
    const { id, code } = res.json() as { id: string; code: string };
    await ok(operator, id, 'dispatch', { unitId: street() });
    await worker.tick(); // the dispatch notice
    t.clock.advance(30 * 86400);
    await t.ctx.timers.sweep();
    const before = gw.seen.length;
    await worker.tick();
    await worker.tick();
    const kinds = (await rowsOf(id)).map((r) => r.kind);
    expect(kinds).toEqual(['unit.notice', 'unit.deadline-warning', 'unit.overdue']);
    const texts = gw.seen
      .slice(before)
      .filter((s) => s.to === unitPhone && s.text.includes(code)) // the earlier urgent ticket warns too
      .map((s) => s.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(new RegExp(`工单 ${code} 将于 .+到期`));
    expect(texts[1]).toMatch(new RegExp(`工单 ${code} 已于 .+超期，已转督办`));
    expect(texts.join('')).not.toContain('燃气');
  });
});

describe('configuration', () => {
  it('refuses an unknown driver or a driver without its address, naming the setting', () => {
    expect(() => smsConfigFrom({ JIESU_SMS_DRIVER: 'carrier-pigeon' })).toThrow(/JIESU_SMS_DRIVER/);
    expect(() => smsConfigFrom({ JIESU_SMS_DRIVER: 'http' })).toThrow(/JIESU_SMS_HTTP_URL/);
    expect(() => smsConfigFrom({ JIESU_SMS_DRIVER: 'smpp', JIESU_SMS_SMPP_URL: 'smpp://h:2775' })).toThrow(
      /JIESU_SMS_SMPP_SYSTEM_ID/,
    );
    expect(smsConfigFrom({}).driver).toBe('demo');
  });
});

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}
