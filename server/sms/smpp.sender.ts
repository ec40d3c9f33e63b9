/**
 * SMPP 3.4 through the `smpp` package (MIT): one transceiver session, bound on first use and again after it
 * drops. Each message is one submit_sm with a delivery receipt requested (registered_delivery 1) and the outbox
 * row's id as user_message_reference (its low 16 bits: the field is two bytes); a text longer than one UCS-2
 * part goes whole in message_payload. deliver_sm from the SMSC is a receipt (esm_class bit 2: matched by the
 * receipted_message_id, else the `id:` of its text) or a reply from a number (退订 handled by the worker).
 *
 * Outcomes: the session cannot be bound or the socket is not writable → refused (retried later); submit_sm_resp
 * with an error status → refused (throttling and queue-full retried, anything else not); the submit was written
 * and no answer came before the timeout or the socket closed → unknown (never resent: at most once).
 */
import smpp, { type PDU, type Session } from 'smpp';
import type { SmppConfig } from './sms.config.js';
import { safeError } from '../http/request-log.js';
import {
  safeReason,
  type OutgoingSms,
  type SendResult,
  type SenderEvents,
  type SmsSender,
} from './sms.sender.js';

/** One UCS-2 part holds 70 characters; a longer text goes in message_payload. */
const SHORT_UCS2 = 70;
const RETRYABLE = new Set([smpp.ESME_RTHROTTLED, smpp.ESME_RMSGQFUL, 0x08 /* ESME_RSYSERR */]);

const textOf = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string'
      ? (v as { message: string }).message
      : Buffer.isBuffer(v)
        ? v.toString('latin1')
        : '';

export class SmppSmsSender implements SmsSender {
  readonly name = 'smpp';
  private session: Session | null = null;
  private binding: Promise<Session> | null = null;
  /** Submits written and not yet answered: on a dropped socket each is unknown. */
  private readonly waiting = new Map<number, (r: SendResult) => void>();
  private closed = false;

  constructor(
    private readonly cfg: SmppConfig,
    private readonly events: SenderEvents,
  ) {}

  private drop(session: Session): void {
    if (this.session !== session) return;
    this.session = null;
    this.binding = null;
    for (const [seq, done] of this.waiting) {
      this.waiting.delete(seq);
      done({ outcome: 'unknown', error: 'session closed before submit_sm_resp' });
    }
  }

  private bind(): Promise<Session> {
    if (this.binding) return this.binding;
    this.binding = new Promise<Session>((resolve, reject) => {
      const session = smpp.connect({ url: this.cfg.url, auto_enquire_link_period: 30_000 });
      this.session = session;
      let bound = false;
      const timer = setTimeout(() => {
        if (!bound) {
          reject(new Error('BIND_TIMEOUT'));
          session.destroy();
        }
      }, this.cfg.timeoutMs);
      session.on('connect', () => {
        session.bind_transceiver(
          { system_id: this.cfg.systemId, password: this.cfg.password, system_type: this.cfg.systemType },
          (pdu) => {
            clearTimeout(timer);
            if (pdu.command_status === 0) {
              bound = true;
              resolve(session);
            } else {
              reject(Object.assign(new Error('BIND_FAILED'), { code: `BIND_STATUS_${pdu.command_status}` }));
              session.close();
            }
          },
        );
      });
      session.on('error', (err: unknown) => {
        clearTimeout(timer);
        if (!bound) reject(err instanceof Error ? err : new Error(safeReason(err)));
        this.drop(session);
      });
      session.on('close', () => {
        clearTimeout(timer);
        if (!bound) reject(new Error('CLOSED'));
        this.drop(session);
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('deliver_sm', (pdu: PDU) => {
        // Answer first: the SMSC resends a deliver_sm it has no answer to; what we record is idempotent.
        session.send(pdu.response());
        void this.incoming(pdu).catch((err: unknown) =>
          console.error('短信回执或上行处理失败：', JSON.stringify(safeError(err))),
        );
      });
    });
    this.binding.catch(() => {
      // A failed bind is retried on the next send.
      this.binding = null;
    });
    return this.binding;
  }

  private async incoming(pdu: PDU): Promise<void> {
    const text = textOf(pdu.short_message) || textOf(pdu.message_payload);
    const esm = typeof pdu.esm_class === 'number' ? pdu.esm_class : 0;
    if (esm & 0x04) {
      const fromText = /\bid:(\S+)/i.exec(text)?.[1];
      const messageId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : fromText;
      const status = /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase() ?? 'UNKNOWN';
      if (messageId) await this.events.receipt({ messageId, status });
      return;
    }
    await this.events.reply(String(pdu.source_addr ?? ''), text);
  }

  async send(m: OutgoingSms): Promise<SendResult> {
    if (this.closed) return { outcome: 'refused', retry: true, error: 'sender closed' };
    let session: Session;
    try {
      session = await this.bind();
    } catch (err) {
      return { outcome: 'refused', retry: true, error: safeReason(err) };
    }
    const long = m.text.length > SHORT_UCS2;
    const pdu = new smpp.PDU('submit_sm', {
      source_addr: this.cfg.sourceAddr,
      source_addr_ton: 0,
      source_addr_npi: 0,
      dest_addr_ton: 0,
      dest_addr_npi: 1,
      destination_addr: m.to,
      registered_delivery: 1,
      data_coding: 0x08,
      user_message_reference: Number(m.ref) & 0xffff,
      ...(long ? { short_message: '', message_payload: m.text } : { short_message: m.text }),
    });
    return new Promise<SendResult>((resolve) => {
      let seq = 0;
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        resolve({ outcome: 'unknown', error: 'no submit_sm_resp before the timeout' });
      }, this.cfg.timeoutMs);
      const done = (r: SendResult) => {
        clearTimeout(timer);
        this.waiting.delete(seq);
        resolve(r);
      };
      const written = session.send(pdu, (resp) => {
        if (resp.command_status === 0)
          done({ outcome: 'accepted', messageId: String(resp.message_id ?? '') || `ref-${m.ref}` });
        else
          done({
            outcome: 'refused',
            retry: RETRYABLE.has(resp.command_status),
            error: `SMPP status 0x${resp.command_status.toString(16)}`,
          });
      });
      if (!written) return done({ outcome: 'refused', retry: true, error: 'socket not writable' });
      seq = pdu.sequence_number;
      this.waiting.set(seq, done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    if (!session) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        session.destroy();
        resolve();
      }, 2000);
      session.unbind({}, () => {
        clearTimeout(t);
        session.close(() => resolve());
      });
    });
  }
}
