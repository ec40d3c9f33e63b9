/**
 * The SMS contracts (server/sms/), shared by the server and the web: the outbox list with masked numbers, the
 * opt-out list, the SMS templates, a unit's SMS number, and the gateway's signed receipts and replies.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { pageQuery } from './common.js';
import { isCallablePhone, PHONE_HINT_ZH } from '../phone.js';

export const SMS_STATUSES = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'undeliverable',
  'failed',
  'unknown',
  'opted_out',
] as const;
export type SmsStatusName = (typeof SMS_STATUSES)[number];

const phone = z
  .string({ message: '电话必须是文本' })
  .trim()
  .min(1, { message: '请填写电话号码' })
  .max(LIMITS.phoneMax)
  .refine(isCallablePhone, { message: PHONE_HINT_ZH });

export const smsListQuery = z.object({
  status: z.enum(SMS_STATUSES, { message: '短信状态不正确' }).optional(),
  ticketId: z.uuid({ message: '工单编号不正确' }).optional(),
  ...pageQuery,
});

/** One outbox row as the office sees it: the number masked, never the text (it may hold a rating link). */
export const smsItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  to: z.string(),
  status: z.enum(SMS_STATUSES),
  attempts: z.number().int(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  lastError: z.string().nullable(),
  ticketId: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  receiptStatus: z.string().nullable(),
  receiptAt: z.string().nullable(),
});
export type SmsItem = z.infer<typeof smsItem>;
export const smsListView = z.object({ items: z.array(smsItem), total: z.number().int() });

export const optOutBody = z.object({ phone });
export const optOutItem = z.object({
  id: z.string(),
  masked: z.string(),
  source: z.enum(['reply', 'admin']),
  createdAt: z.string(),
});
export type OptOutItem = z.infer<typeof optOutItem>;

export const smsTemplateView = z.object({
  kind: z.string(),
  label: z.string(),
  placeholders: z.array(z.string()),
  body: z.string(),
  builtIn: z.string(),
  custom: z.boolean(),
});
export type SmsTemplateView = z.infer<typeof smsTemplateView>;
/** null: back to the built-in wording. */
export const smsTemplateBody = z.object({ body: z.string().trim().min(1).max(469).nullable() });

export const unitSmsNumberBody = z.object({ phone: phone.nullable() });
export const unitSmsNumberView = z.object({ unitId: z.string(), masked: z.string().nullable() });
export const unitSmsNumberItem = z.object({
  unitId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  masked: z.string().nullable(),
});
export type UnitSmsNumberItem = z.infer<typeof unitSmsNumberItem>;

/** The gateway's delivery receipts (HTTP driver), signed like our requests to it. */
export const smsReceiptsBody = z.object({
  receipts: z
    .array(
      z.object({
        messageId: z.string().trim().min(1).max(100),
        status: z.string().trim().min(1).max(40),
      }),
    )
    .min(1)
    .max(1000),
});
/** A reply from a number (an MO message): TD or 退订 puts it on the opt-out list. */
export const smsReplyBody = z.object({
  from: z.string().trim().min(1).max(LIMITS.phoneMax),
  text: z.string().max(1000),
});
export const smsCallbackView = z.object({ recorded: z.number().int() });
