/**
 * SMS over SMPP 3.4 to a real SMSC on loopback (the `smpp` package's server): the worker binds as a transceiver
 * with its system id and password, submits each message once as UCS-2 with the outbox row as its reference and
 * a receipt requested, and records the SMSC's message id and then its deliver_sm receipt. A throttled submit is
 * retried; a submit whose answer is lost is `unknown` and never submitted again, not even by a new worker after a
 * restart; a reply of 退订 from a number stops further messages to it (R4.5, R4.6.3, R9.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';
import { fedBackBySms as walkToSmsReply, outboxRowsOf } from './sms.fixtures.js';
import { smsConfigFrom } from './sms.config.js';
import { createSmsWorker, SmsWorker } from './sms.worker.js';
import { SmppSmsSender } from './smpp.sender.js';

const SYSTEM_ID = 'jiesu';
const PASSWORD = 'secret1';
const PHONE = '13812345678';

interface Submit {
  ref: number;
  to: string;
  text: string;
  dataCoding: number;
  viaPayload: boolean;
  registered: number;
}

const textOf = (v: unknown): string =>
  typeof v === 'string' ? v : ((v as { message?: string } | undefined)?.message ?? '');

/** The SMSC: checks the bind, records submits, answers them (or not) and sends receipts. */
class Smsc {
  submits: Submit[] = [];
  binds: { systemId: string; ok: boolean }[] = [];
  /** ref → what to do with its next submit. */
  plan = new Map<number, ('throttle' | 'lose')[]>();
  sessions: Session[] = [];
  /** The session most recently bound: replies go to the platform through it. */
  bound: Session | null = null;
  server: Server;
  url = '';
  private n = 0;
  constructor() {
    this.server = smpp.createServer((session) => {
      this.sessions.push(session);
      session.on('error', () => undefined);
      session.on('bind_transceiver', (pdu: PDU) => {
        const ok = pdu.system_id === SYSTEM_ID && pdu.password === PASSWORD;
        this.binds.push({ systemId: String(pdu.system_id), ok });
        if (ok) this.bound = session;
        session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
        if (!ok) session.close();
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('submit_sm', (pdu: PDU) => this.submit(session, pdu));
    });
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `smpp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  private submit(session: Session, pdu: PDU) {
    const ref = Number(pdu.user_message_reference);
    const payload = textOf(pdu.message_payload);
    this.submits.push({
      ref,
      to: String(pdu.destination_addr),
      text: payload || textOf(pdu.short_message),
      dataCoding: Number(pdu.data_coding),
      viaPayload: payload !== '',
      registered: Number(pdu.registered_delivery),
    });
    const next = this.plan.get(ref)?.shift();
    if (next === 'throttle') return session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
    // The SMSC took it and the line dropped before the answer.
    if (next === 'lose') return session.destroy();
    const id = `smsc-${++this.n}`;
    session.send(pdu.response({ message_id: id }));
    session.deliver_sm({
      source_addr: pdu.destination_addr,
      destination_addr: pdu.source_addr,
      esm_class: 0x04,
      short_message: `id:${id} sub:001 dlvrd:001 submit date:2611100900 done date:2611100901 stat:DELIVRD err:000 text:`,
      receipted_message_id: id,
    });
  }
  /** A citizen's reply (an MO message) on the bound session. */
  reply(from: string, text: string) {
    this.bound?.deliver_sm({
      source_addr: from,
      destination_addr: '12345',
      data_coding: 8,
      short_message: text,
    });
  }
  count(ref: number) {
    return this.submits.filter((s) => s.ref === ref).length;
  }
}

let t: TestApp;
let smsc: Smsc;
let operator: Client;
let handler: Client;
let worker: SmsWorker;

beforeAll(async () => {
  smsc = new Smsc();
  await smsc.start();
  t = await startTestApp({
    config: {
      sms: smsConfigFrom({
        JIESU_SMS_DRIVER: 'smpp',
        JIESU_SMS_SMPP_URL: smsc.url,
        JIESU_SMS_SMPP_SYSTEM_ID: SYSTEM_ID,
        JIESU_SMS_SMPP_PASSWORD: PASSWORD,
        JIESU_SMS_SENDER: '12345',
        JIESU_SMS_TIMEOUT_MS: '30000',
      }),
    },
  });
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  worker = createSmsWorker(t.ctx) as SmsWorker;
});
afterAll(async () => {
  await worker.stop();
  for (const s of smsc.sessions) s.destroy();
  await new Promise((r) => smsc.server.close(r));
  await t.close();
});

const fedBackBySms = (phone = PHONE) => walkToSmsReply({ t, operator, handler }, phone, '已疏通，请查看。');
const rowsOf = (ticketId: string) => outboxRowsOf(t, ticketId);
async function until(cond: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 20));
}

describe('SMPP to an SMSC on loopback', () => {
  it('binds, submits the reply and the rating link once each as UCS-2, and records the SMSC’s id and its receipt', async () => {
    const id = await fedBackBySms();
    const tick = await worker.tick();
    expect(tick.sent).toBe(2);
    expect(smsc.binds).toEqual([{ systemId: SYSTEM_ID, ok: true }]);
    const rows = await rowsOf(id);
    const submits = smsc.submits.filter((s) => rows.some((r) => r.id === s.ref));
    expect(submits.map((s) => [s.to, s.dataCoding, s.registered])).toEqual([
      [PHONE, 8, 1],
      [PHONE, 8, 1],
    ]);
    expect(submits[0]?.text).toBe(rows[0]?.body);
    expect(submits[0]?.text).toContain('已疏通，请查看。');
    // The rating link is longer than one UCS-2 part: it goes whole in message_payload.
    expect(submits[1]?.viaPayload).toBe(true);
    expect(submits[1]?.text).toBe(rows[1]?.body);
    expect(rows.map((r) => r.providerMessageId)).toEqual(['smsc-1', 'smsc-2']);
    await until(async () => (await rowsOf(id)).every((r) => r.status === 'delivered'));
    expect((await rowsOf(id)).map((r) => [r.provider, r.receiptStatus])).toEqual([
      ['smpp', 'DELIVRD'],
      ['smpp', 'DELIVRD'],
    ]);
  });

  it('a refused bind is retried later; a throttled submit is retried; neither sends twice', async () => {
    const wrong = new SmsWorker(
      t.ctx,
      (w) =>
        new SmppSmsSender(
          { ...t.ctx.config.sms.smpp!, password: 'wrong' },
          { receipt: (r) => w.receipt(r), reply: (f, x) => w.reply(f, x) },
        ),
    );
    const id = await fedBackBySms('13900007777');
    const first = await wrong.tick();
    expect(first.retried).toBe(2);
    await wrong.stop();
    expect(smsc.binds.at(-1)).toEqual({ systemId: SYSTEM_ID, ok: false });
    const rows = await rowsOf(id);
    expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ['pending', 1, 'BIND_STATUS_13'],
      ['pending', 1, 'BIND_STATUS_13'],
    ]);
    smsc.plan.set(rows[0]!.id, ['throttle']);
    t.clock.advance(31);
    await worker.tick(); // the first is throttled, the second goes
    t.clock.advance(61);
    await worker.tick();
    const after = await rowsOf(id);
    expect(after.map((r) => r.attempts)).toEqual([3, 2]);
    expect(after.every((r) => r.status === 'sent' || r.status === 'delivered')).toBe(true);
    // Throttled once, then accepted: two submits for the first, one for the second, each accepted once.
    expect([smsc.count(rows[0]!.id), smsc.count(rows[1]!.id)]).toEqual([2, 1]);
  });

  it('a submit whose answer is lost is unknown and is never submitted again, not even after a restart', async () => {
    const id = await fedBackBySms('13900008888');
    const rows = await rowsOf(id);
    smsc.plan.set(rows[0]!.id, ['lose']);
    const tick = await worker.tick();
    expect(tick.unknown).toBe(1);
    // The worker is restarted: a new process binds again and sends what is due.
    await worker.stop();
    worker = createSmsWorker(t.ctx) as SmsWorker;
    for (let i = 0; i < 3; i++) {
      await worker.tick();
      t.clock.advance(600);
    }
    const after = await rowsOf(id);
    expect(after[0]?.status).toBe('unknown');
    expect(smsc.count(rows[0]!.id)).toBe(1);
    expect(['sent', 'delivered']).toContain(after[1]?.status);
    expect(smsc.count(rows[1]!.id)).toBe(1);
  });

  it('a citizen who replies 退订 gets nothing more', async () => {
    const phone = '13900009999';
    await fedBackBySms('13900006666');
    await worker.tick(); // bound
    smsc.reply(`86${phone}`, '退订');
    await until(async () => (await t.ctx.db.query.smsOptOuts.findMany()).length > 0);
    const id = await fedBackBySms(phone);
    const before = smsc.submits.length;
    await worker.tick();
    expect((await rowsOf(id)).map((r) => r.status)).toEqual(['opted_out', 'opted_out']);
    expect(smsc.submits.slice(before).filter((s) => s.to === phone)).toEqual([]);
  });
});
