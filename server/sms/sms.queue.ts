/**
 * Queues an SMS in the outbox (table outbox_messages), inside the caller's transaction: a message exists exactly
 * when the change that causes it commits. The worker (sms.worker.ts) sends it.
 */
import { outboxMessages } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { renderSms, type SmsKind } from './sms.templates.js';

export interface QueuedSms {
  kind: SmsKind;
  /** The number, already encrypted (the complainant's phone or a unit's SMS number). */
  toEnc: string;
  vars: Record<string, string>;
  ticketId: string | null;
  at: Date;
}

export async function queueSms(tx: Tx, m: QueuedSms): Promise<void> {
  await tx.insert(outboxMessages).values({
    channel: 'sms',
    kind: m.kind,
    toEnc: m.toEnc,
    body: await renderSms(tx, m.kind, m.vars),
    ticketId: m.ticketId,
    createdAt: m.at,
  });
}
