/**
 * The SMS worker: sends the outbox's due rows through the configured sender, one at a time.
 *
 * At most once (docs/integrations-sms.md): a row is first taken — status `sending`, attempts + 1, committed —
 * and only then handed to the sender; its answer is recorded in a second transaction. A row found still
 * `sending` after JIESU_SMS_STALE_SECONDS (the process died, or the answer was lost) becomes `unknown` and is
 * never sent again by itself: a complainant never gets the same text twice. Certain refusals are retried with
 * backoff (30 s, 1, 2, 4 … min, at most an hour) up to JIESU_SMS_MAX_ATTEMPTS, then `failed`.
 *
 * Before sending, a number on the opt-out list (a 退订 reply, or the administrator's list) gets nothing: the row
 * is `opted_out`. Unit notices come from the in-app notifications that carry an SMS copy (JIESU_NOTIFY_SMS):
 * one SMS per unit with an SMS number, worded by the unit templates. Nothing here logs a number or a text.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { notifications, outboxMessages, smsOptOuts, units, users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { findTicket } from '../tickets/ticket.repository.js';
import { queueSms } from './sms.queue.js';
import { beijing } from '../notifications/notice-texts.js';
import type { DeliveryReceipt, SmsSender } from './sms.sender.js';
import { HttpSmsSender } from './http.sender.js';
import { SmppSmsSender } from './smpp.sender.js';
import { recordReceipt, recordReply } from './sms.service.js';
import type { SmsKind } from './sms.templates.js';

import { PHONE_FIELD, UNIT_PHONE_FIELD } from './sms.mask.js';
import { runEvery } from '../periodic.js';

/** Backoff after the n-th failed attempt: 30 s, 60 s, 2 min … at most an hour. */
export const backoffSeconds = (attempt: number): number => Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));

const UNIT_KIND: Record<string, SmsKind> = {
  supervise: 'unit.supervise',
  'deadline-warning': 'unit.deadline-warning',
  overdue: 'unit.overdue',
};

export interface TickResult {
  queuedNotices: number;
  sent: number;
  retried: number;
  failed: number;
  unknown: number;
  optedOut: number;
}

/** The worker of the configured driver; null for `demo` (rows stay in the readable demo outbox). */
export function createSmsWorker(ctx: AppContext): SmsWorker | null {
  const { sms } = ctx.config;
  if (sms.driver === 'http' && sms.http) return new SmsWorker(ctx, () => new HttpSmsSender(sms.http!));
  if (sms.driver === 'smpp' && sms.smpp) {
    const smpp = sms.smpp;
    return new SmsWorker(
      ctx,
      (w) => new SmppSmsSender(smpp, { receipt: (r) => w.receipt(r), reply: (f, t) => w.reply(f, t) }),
    );
  }
  return null;
}

/** Receipts that came before their row was recorded as sent (an SMSC answers fast): applied when it is. */
const EARLY_MAX = 10_000;

export class SmsWorker {
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<TickResult> | null = null;
  private readonly early = new Map<string, string>();
  readonly sender: SmsSender;

  constructor(
    private readonly ctx: AppContext,
    makeSender: (worker: SmsWorker) => SmsSender,
  ) {
    this.sender = makeSender(this);
  }

  /** A delivery receipt from the sender's own connection (SMPP deliver_sm). */
  async receipt(r: DeliveryReceipt): Promise<void> {
    if (await recordReceipt(this.ctx, this.sender.name, r)) return;
    if (this.early.size < EARLY_MAX) this.early.set(r.messageId, r.status);
    // The row may have been recorded meanwhile; if not, recording it applies the receipt.
    if (await recordReceipt(this.ctx, this.sender.name, r)) this.early.delete(r.messageId);
  }

  async reply(from: string, text: string): Promise<void> {
    await recordReply(this.ctx, from, text);
  }

  /** One pass: unit notices queued, stale rows marked unknown, every due row sent. Calls in one process share it. */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const r: TickResult = { queuedNotices: 0, sent: 0, retried: 0, failed: 0, unknown: 0, optedOut: 0 };
    r.queuedNotices = await this.queueUnitNotices();
    r.unknown += await this.markStale();
    for (;;) {
      const outcome = await this.sendOne();
      if (outcome === null) break;
      r[outcome] += 1;
    }
    return r;
  }

  /** Rows whose send started long ago and never finished: unknown, not resent (at most once). */
  private async markStale(): Promise<number> {
    const now = this.ctx.clock.now();
    const before = new Date(now.getTime() - this.ctx.config.sms.staleSeconds * 1000);
    const rows = await this.ctx.db
      .update(outboxMessages)
      .set({ status: 'unknown', lastError: 'no answer recorded: not resent (at most once)' })
      .where(and(eq(outboxMessages.status, 'sending'), lte(outboxMessages.claimedAt, before)))
      .returning({ id: outboxMessages.id });
    return rows.length;
  }

  /** Takes one due row (committed before sending), sends it, records the answer. Null when none is due. */
  private async sendOne(): Promise<keyof Omit<TickResult, 'queuedNotices'> | null> {
    const { db, clock, cipher } = this.ctx;
    const now = clock.now();
    const row = await db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: outboxMessages.id })
        .from(outboxMessages)
        .where(
          and(
            eq(outboxMessages.status, 'pending'),
            eq(outboxMessages.channel, 'sms'),
            or(isNull(outboxMessages.nextAttemptAt), lte(outboxMessages.nextAttemptAt, now)),
          ),
        )
        .orderBy(asc(outboxMessages.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!due) return null;
      const [taken] = await tx
        .update(outboxMessages)
        .set({
          status: 'sending',
          claimedAt: now,
          attempts: sql`${outboxMessages.attempts} + 1`,
          provider: this.sender.name,
        })
        .where(eq(outboxMessages.id, due.id))
        .returning();
      return taken ?? null;
    });
    if (!row) return null;
    // Only the row this worker took is answered; a late acceptance also corrects a row already marked unknown.
    const done = (set: Partial<typeof outboxMessages.$inferInsert>) =>
      db
        .update(outboxMessages)
        .set(set)
        .where(
          and(
            eq(outboxMessages.id, row.id),
            set.status === 'sent'
              ? inArray(outboxMessages.status, ['sending', 'unknown'])
              : eq(outboxMessages.status, 'sending'),
          ),
        );
    let to: string;
    try {
      to = cipher.decrypt(row.kind.startsWith('unit.') ? UNIT_PHONE_FIELD : PHONE_FIELD, row.toEnc);
    } catch {
      await done({ status: 'failed', lastError: 'number cannot be decrypted' });
      return 'failed';
    }
    const [opted] = await db
      .select({ h: smsOptOuts.phoneHash })
      .from(smsOptOuts)
      .where(eq(smsOptOuts.phoneHash, cipher.phoneHash(to)));
    if (opted) {
      await done({ status: 'opted_out', lastError: null });
      return 'optedOut';
    }
    const result = await this.sender.send({ ref: String(row.id), to, text: row.body });
    const at = this.ctx.clock.now();
    switch (result.outcome) {
      case 'accepted':
        await done({ status: 'sent', sentAt: at, providerMessageId: result.messageId, lastError: null });
        {
          const status = this.early.get(result.messageId);
          if (status !== undefined) {
            this.early.delete(result.messageId);
            await recordReceipt(this.ctx, this.sender.name, { messageId: result.messageId, status });
          }
        }
        return 'sent';
      case 'unknown':
        await done({ status: 'unknown', lastError: result.error });
        return 'unknown';
      case 'refused':
        if (result.retry && row.attempts < this.ctx.config.sms.maxAttempts) {
          const next = new Date(at.getTime() + backoffSeconds(row.attempts) * 1000);
          await done({ status: 'pending', nextAttemptAt: next, lastError: result.error });
          return 'retried';
        }
        await done({ status: 'failed', lastError: result.error });
        return 'failed';
    }
  }

  /**
   * Notifications with an SMS copy (JIESU_NOTIFY_SMS) become one SMS per unit that has an SMS number — the
   * unit's handlers and leaders share one number, so they share one message. The notifications are marked
   * delivered_at (handed to the SMS outbox) in the same transaction: each is handed over once.
   */
  private async queueUnitNotices(): Promise<number> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    return db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: notifications.id,
          kind: notifications.kind,
          ticketId: notifications.ticketId,
          smsBody: notifications.smsBody,
          createdAt: notifications.createdAt,
          unitId: users.unitId,
        })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(and(isNotNull(notifications.smsBody), isNull(notifications.deliveredAt)))
        .orderBy(asc(notifications.id))
        .limit(1000)
        .for('update', { of: notifications, skipLocked: true });
      if (rows.length === 0) return 0;
      const groups = new Map<string, (typeof rows)[number]>();
      for (const r of rows) {
        if (!r.unitId) continue;
        // One SMS per unit and notice, whatever language each of its users reads: the Chinese copy if any.
        const key = [r.unitId, r.ticketId, r.kind, r.createdAt.toISOString()].join('|');
        const had = groups.get(key);
        if (!had || (!had.smsBody?.startsWith('【') && r.smsBody?.startsWith('【'))) groups.set(key, r);
      }
      const unitIds = [...new Set([...groups.values()].map((g) => g.unitId as string))];
      const numbers = new Map(
        unitIds.length === 0
          ? []
          : (
              await tx
                .select({ id: units.id, enc: units.smsPhoneEnc })
                .from(units)
                .where(and(inArray(units.id, unitIds), isNotNull(units.smsPhoneEnc)))
            ).map((u) => [u.id, u.enc as string]),
      );
      let queued = 0;
      for (const g of groups.values()) {
        const toEnc = numbers.get(g.unitId as string);
        if (!toEnc) continue;
        const kind = UNIT_KIND[g.kind] ?? 'unit.notice';
        const ticket = g.ticketId ? await findTicket(tx, g.ticketId) : undefined;
        const vars: Record<string, string> =
          kind === 'unit.notice' || !ticket
            ? { notice: g.smsBody ?? '' }
            : { code: ticket.code, due: beijing(ticket.completeDueAt) };
        await queueSms(tx, {
          kind: ticket || kind === 'unit.notice' ? kind : 'unit.notice',
          toEnc,
          vars,
          ticketId: g.ticketId,
          at: now,
        });
        queued += 1;
      }
      await tx
        .update(notifications)
        .set({ deliveredAt: now })
        .where(
          inArray(
            notifications.id,
            rows.map((r) => r.id),
          ),
        );
      return queued;
    });
  }

  start(intervalMs: number): void {
    this.handle = runEvery(intervalMs, () => this.tick(), '短信发送失败：');
  }

  /** Stops taking rows; a send under way finishes and is recorded. */
  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
    await this.running?.catch(() => undefined);
    await this.sender.close();
  }
}
