/**
 * What the network tells us (receipts, replies) and what the office and the administrator see and keep: the
 * outbox with masked numbers, the opt-out list, the SMS templates and the units' SMS numbers (R9.1: the
 * administrator never sees a number in full, nor a message's text — a rating link is the complainant's own).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { outboxMessages, smsOptOuts, smsTemplates, units, type SmsStatus } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { audit } from '../audit/audit.service.js';
import { AppError } from '../errors.js';
import { checkTemplate, isSmsKind, SMS_KINDS } from './sms.templates.js';
import { maskPhone, PHONE_FIELD, UNIT_PHONE_FIELD } from './sms.mask.js';
import type { DeliveryReceipt } from './sms.sender.js';
import type {
  OptOutItem,
  SmsItem,
  smsListQuery,
  SmsTemplateView,
  UnitSmsNumberItem,
} from '../../shared/schemas/sms.js';

/** Replies that take a number off SMS: TD (退订) as Chinese operators use it, or the word itself. */
const OPT_OUT_WORDS = new Set(['TD', 'T', 'N', '退订', '取消', '退订短信']);
export const isOptOutReply = (text: string): boolean =>
  OPT_OUT_WORDS.has(
    text
      .normalize('NFKC')
      .trim()
      .toUpperCase()
      .replace(/[。.!！\s]/g, ''),
  );

/** Final states of a receipt: delivered, or could not be delivered; anything else is only recorded. */
const DELIVERED = new Set(['DELIVRD', 'DELIVERED', 'SUCCESS', 'OK']);
const UNDELIVERABLE = new Set(['UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED', 'FAILED', 'UNDELIVERABLE']);

/** Records a receipt on the row the sender's message id names. Returns whether a row matched. */
export async function recordReceipt(ctx: AppContext, provider: string, r: DeliveryReceipt): Promise<boolean> {
  const status = r.status.toUpperCase().slice(0, 40);
  const final: SmsStatus | null = DELIVERED.has(status)
    ? 'delivered'
    : UNDELIVERABLE.has(status)
      ? 'undeliverable'
      : null;
  const rows = await ctx.db
    .update(outboxMessages)
    .set({ receiptStatus: status, receiptAt: ctx.clock.now(), ...(final ? { status: final } : {}) })
    .where(
      and(
        eq(outboxMessages.provider, provider),
        eq(outboxMessages.providerMessageId, r.messageId),
        inArray(outboxMessages.status, ['sent', 'delivered', 'undeliverable']),
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.length > 0;
}

/** A reply from a number: TD or 退订 puts it on the opt-out list. Returns whether it opted out. */
export async function recordReply(ctx: AppContext, from: string, text: string): Promise<boolean> {
  if (!isOptOutReply(text) || from.replace(/\D/g, '').length < 7) return false;
  await ctx.db
    .insert(smsOptOuts)
    .values({
      phoneHash: ctx.cipher.phoneHash(from),
      masked: maskPhone(from),
      source: 'reply',
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing();
  return true;
}

/** The gateway's callbacks carry `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` within 5 minutes. */
export const CALLBACK_WINDOW_SECONDS = 300;
export function verifyCallback(
  ctx: AppContext,
  rawBody: string,
  timestamp: string | undefined,
  signature: string | undefined,
): void {
  const secret = ctx.config.sms.receiptSecret;
  const refuse = () => new AppError('SMS.SIGNATURE_INVALID', '短信回执签名无效或已过期。');
  if (!secret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) throw refuse();
  const age = Math.abs(ctx.clock.now().getTime() / 1000 - Number(timestamp));
  if (age > CALLBACK_WINDOW_SECONDS) throw refuse();
  const want = Buffer.from(
    'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex'),
  );
  const got = Buffer.from(signature);
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw refuse();
}

function maskedTo(ctx: AppContext, kind: string, toEnc: string): string {
  try {
    return maskPhone(ctx.cipher.decrypt(kind.startsWith('unit.') ? UNIT_PHONE_FIELD : PHONE_FIELD, toEnc));
  } catch {
    return '****';
  }
}

export async function listSms(
  ctx: AppContext,
  q: z.output<typeof smsListQuery>,
): Promise<{ items: SmsItem[]; total: number }> {
  const where: SQL[] = [eq(outboxMessages.channel, 'sms')];
  if (q.status) where.push(eq(outboxMessages.status, q.status));
  if (q.ticketId) where.push(eq(outboxMessages.ticketId, q.ticketId));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(outboxMessages)
      .where(and(...where))
      .orderBy(desc(outboxMessages.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(outboxMessages)
      .where(and(...where)),
  ]);
  return {
    total: total?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      to: maskedTo(ctx, r.kind, r.toEnc),
      status: r.status,
      attempts: r.attempts,
      provider: r.provider,
      providerMessageId: r.providerMessageId,
      lastError: r.lastError,
      ticketId: r.ticketId,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      receiptStatus: r.receiptStatus,
      receiptAt: r.receiptAt?.toISOString() ?? null,
    })),
  };
}

/** An `unknown` or `failed` row sent again by hand, after the office checked it did not arrive. */
export async function requeueSms(ctx: AppContext, viewer: Viewer, id: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .update(outboxMessages)
      .set({ status: 'pending', nextAttemptAt: null, claimedAt: null, attempts: 0 })
      .where(and(eq(outboxMessages.id, id), inArray(outboxMessages.status, ['unknown', 'failed'])))
      .returning({ id: outboxMessages.id, ticketId: outboxMessages.ticketId });
    if (!r) throw new AppError('SMS.NOT_FOUND', '没有这条可重发的短信（只有状态未知或失败的短信可以重发）。');
    await audit(tx, {
      at: now,
      actor: viewer,
      action: 'sms.requeue',
      ticketId: r.ticketId,
      target: `sms:${id}`,
      outcome: 'success',
    });
  });
}

const optOutView = (r: typeof smsOptOuts.$inferSelect): OptOutItem => ({
  id: r.phoneHash,
  masked: r.masked,
  source: r.source === 'reply' ? 'reply' : 'admin',
  createdAt: r.createdAt.toISOString(),
});

export async function listOptOuts(ctx: AppContext): Promise<OptOutItem[]> {
  const rows = await ctx.db.select().from(smsOptOuts).orderBy(desc(smsOptOuts.createdAt));
  return rows.map(optOutView);
}

export async function addOptOut(ctx: AppContext, viewer: Viewer, phone: string): Promise<OptOutItem> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const values = {
      phoneHash: ctx.cipher.phoneHash(phone),
      masked: maskPhone(phone),
      source: 'admin',
      createdAt: now,
      createdBy: viewer.userId,
    };
    await tx.insert(smsOptOuts).values(values).onConflictDoNothing();
    const [row] = await tx.select().from(smsOptOuts).where(eq(smsOptOuts.phoneHash, values.phoneHash));
    await audit(tx, {
      at: now,
      actor: viewer,
      action: 'sms.opt-out.add',
      target: `sms-opt-out:${values.phoneHash.slice(0, 12)}`,
      outcome: 'success',
    });
    return optOutView(row ?? values);
  });
}

export async function removeOptOut(ctx: AppContext, viewer: Viewer, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const gone = await tx
      .delete(smsOptOuts)
      .where(eq(smsOptOuts.phoneHash, id))
      .returning({ h: smsOptOuts.phoneHash });
    if (gone.length === 0) throw new AppError('SMS.NOT_FOUND', '退订名单中没有这个号码。');
    await audit(tx, {
      at: now,
      actor: viewer,
      action: 'sms.opt-out.remove',
      target: `sms-opt-out:${id.slice(0, 12)}`,
      outcome: 'success',
    });
  });
}

export async function listSmsTemplates(ctx: AppContext): Promise<SmsTemplateView[]> {
  const own = new Map((await ctx.db.select().from(smsTemplates)).map((r) => [r.kind, r.body]));
  return Object.entries(SMS_KINDS).map(([kind, k]) => ({
    kind,
    label: k.label,
    placeholders: [...k.vars],
    body: own.get(kind) ?? k.body,
    builtIn: k.body,
    custom: own.has(kind),
  }));
}

export async function saveSmsTemplate(
  ctx: AppContext,
  viewer: Viewer,
  kind: string,
  body: string | null,
): Promise<SmsTemplateView> {
  if (!isSmsKind(kind)) throw new AppError('SMS.NOT_FOUND', '没有这种短信模板。');
  if (body !== null) checkTemplate(kind, body);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (body === null) await tx.delete(smsTemplates).where(eq(smsTemplates.kind, kind));
    else
      await tx
        .insert(smsTemplates)
        .values({ kind, body, updatedAt: now, updatedBy: viewer.userId })
        .onConflictDoUpdate({
          target: smsTemplates.kind,
          set: { body, updatedAt: now, updatedBy: viewer.userId },
        });
    await audit(tx, {
      at: now,
      actor: viewer,
      action: 'sms.template.save',
      target: `sms-template:${kind}`,
      outcome: 'success',
      details: { reset: body === null },
    });
  });
  const all = await listSmsTemplates(ctx);
  return all.find((t) => t.kind === kind) as SmsTemplateView;
}

/** The active units with their SMS number, masked. */
export async function listUnitSmsNumbers(ctx: AppContext): Promise<UnitSmsNumberItem[]> {
  const rows = await ctx.db
    .select({
      id: units.id,
      code: units.code,
      nameZh: units.nameZh,
      nameEn: units.nameEn,
      enc: units.smsPhoneEnc,
    })
    .from(units)
    .where(eq(units.active, true))
    .orderBy(asc(units.code));
  return rows.map((u) => ({
    unitId: u.id,
    code: u.code,
    nameZh: u.nameZh,
    nameEn: u.nameEn,
    masked: u.enc ? maskedTo(ctx, 'unit.', u.enc) : null,
  }));
}

export async function setUnitSmsNumber(
  ctx: AppContext,
  viewer: Viewer,
  unitId: string,
  phone: string | null,
): Promise<{ unitId: string; masked: string | null }> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const r = await tx
      .update(units)
      .set({ smsPhoneEnc: phone === null ? null : ctx.cipher.encrypt(UNIT_PHONE_FIELD, phone) })
      .where(eq(units.id, unitId))
      .returning({ id: units.id });
    if (r.length === 0) throw new AppError('SMS.NOT_FOUND', '单位不存在。');
    await audit(tx, {
      at: now,
      actor: viewer,
      action: 'sms.unit-number.set',
      target: `unit:${unitId}`,
      outcome: 'success',
      details: { cleared: phone === null },
    });
  });
  return { unitId, masked: phone === null ? null : maskPhone(phone) };
}
