/**
 * SMS delivery: how many outbox rows a worker sends per second through an HTTP gateway and through an SMSC on
 * loopback (PGlite in memory), against the same number of messages sent by the bare sender without the outbox
 * (the baseline, measured in the same run). The difference is the price of at-most-once: a committed claim before
 * and a committed outcome after each send.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';
import { startTestApp } from '../server/test/harness.js';
import { smsConfigFrom } from '../server/sms/sms.config.js';
import { createSmsWorker, type SmsWorker } from '../server/sms/sms.worker.js';
import { queueSms } from '../server/sms/sms.queue.js';
import { HttpSmsSender } from '../server/sms/http.sender.js';
import { SmppSmsSender } from '../server/sms/smpp.sender.js';
import type { SmsSender } from '../server/sms/sms.sender.js';

const TEXT =
  '【吉林市民生诉求】您反映的问题（受理编号 J20261110000001）已办理并反馈，请您评价：http://localhost:3000/public/rate#abc';

async function gateway() {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(`{"code":0,"data":{"messageId":"gw-${n}"}}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    close: () => server.close(),
  };
}

async function smsc() {
  let n = 0;
  const sessions: Session[] = [];
  const server = smpp.createServer((s) => {
    sessions.push(s);
    s.on('error', () => undefined);
    s.on('bind_transceiver', (pdu: PDU) => s.send(pdu.response()));
    s.on('enquire_link', (pdu: PDU) => s.send(pdu.response()));
    s.on('unbind', (pdu: PDU) => {
      s.send(pdu.response());
      s.close();
    });
    s.on('submit_sm', (pdu: PDU) => s.send(pdu.response({ message_id: `smsc-${++n}` })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `smpp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const s of sessions) s.destroy();
      server.close();
    },
  };
}

async function run(driver: 'http' | 'smpp', url: string, messages: number) {
  const env: Record<string, string> =
    driver === 'http'
      ? {
          JIESU_SMS_DRIVER: 'http',
          JIESU_SMS_HTTP_URL: url,
          JIESU_SMS_HTTP_SECRET: 's',
          JIESU_SMS_HTTP_ID_PATH: 'data.messageId',
        }
      : { JIESU_SMS_DRIVER: 'smpp', JIESU_SMS_SMPP_URL: url, JIESU_SMS_SMPP_SYSTEM_ID: 'bench' };
  const t = await startTestApp({ config: { sms: smsConfigFrom(env) } });
  try {
    const cfg = t.ctx.config.sms;
    // Baseline: the bare sender, no outbox.
    const bare: SmsSender =
      driver === 'http'
        ? new HttpSmsSender(cfg.http!)
        : new SmppSmsSender(cfg.smpp!, { receipt: async () => {}, reply: async () => {} });
    await bare.send({ ref: '0', to: '13800000000', text: TEXT }); // connect / bind once
    let t0 = performance.now();
    for (let i = 0; i < messages; i++) await bare.send({ ref: String(i), to: '13800000000', text: TEXT });
    const bareMs = performance.now() - t0;
    await bare.close();

    const toEnc = t.ctx.cipher.encrypt('complainant.phone', '13800000000');
    await t.ctx.db.transaction(async (tx) => {
      for (let i = 0; i < messages; i++)
        await queueSms(tx, {
          kind: 'complainant.rating-link',
          toEnc,
          vars: { code: 'J1', link: 'x' },
          ticketId: null,
          at: t.clock.now(),
        });
    });
    const worker = createSmsWorker(t.ctx) as SmsWorker;
    t0 = performance.now();
    const r = await worker.tick();
    const workerMs = performance.now() - t0;
    await worker.stop();
    if (r.sent !== messages) throw new Error(`sent ${r.sent} of ${messages}`);
    return {
      driver,
      messages,
      worker: {
        perSecond: Math.round((messages / workerMs) * 1000),
        msPerMessage: Number((workerMs / messages).toFixed(2)),
      },
      baselineBareSender: {
        perSecond: Math.round((messages / bareMs) * 1000),
        msPerMessage: Number((bareMs / messages).toFixed(2)),
      },
      ratio: Number((workerMs / bareMs).toFixed(2)),
    };
  } finally {
    await t.close();
  }
}

export async function smsBench(messages = 300) {
  const gw = await gateway();
  const sc = await smsc();
  try {
    return [await run('http', gw.url, messages), await run('smpp', sc.url, messages)];
  } finally {
    gw.close();
    sc.close();
  }
}
