/**
 * SMS texts per kind, in Chinese: the built-in wording below, or the administrator's own (table sms_templates).
 * A template names its values as {placeholders}; each kind has its own set, and a saved template may use no
 * other. Complainant messages carry the reply (R4.5) or the rating link (R4.6.3); unit messages carry only the
 * ticket's code, what happened and the deadline — never the request's content or the complainant (R9.1).
 */
import { eq } from 'drizzle-orm';
import { smsTemplates } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { AppError } from '../errors.js';

export const SIGNATURE = '【吉林市民生诉求】';

export const SMS_KINDS = {
  /** R4.5: the unit's reply, when it feeds back by SMS. */
  'complainant.reply': {
    label: '向诉求人反馈办理结果',
    vars: ['code', 'reply'],
    body: `${SIGNATURE}您反映的问题（受理编号 {code}）办理结果：{reply}`,
  },
  /** R4.6.3: the personal rating link. */
  'complainant.rating-link': {
    label: '请诉求人评价（评价链接）',
    vars: ['code', 'link'],
    body: `${SIGNATURE}您反映的问题（受理编号 {code}）已办理并反馈，请您评价：{link}`,
  },
  /** R6.1: 督办 — sent back to the unit with a new deadline. */
  'unit.supervise': {
    label: '督办通知（承办单位）',
    vars: ['code', 'due'],
    body: `${SIGNATURE}工单 {code} 被督办，新的办结时限 {due}（北京时间）。请登录系统办理。`,
  },
  /** R4.3 timers: the deadline is near. */
  'unit.deadline-warning': {
    label: '临期预警（承办单位）',
    vars: ['code', 'due'],
    body: `${SIGNATURE}工单 {code} 将于 {due}（北京时间）到期，请抓紧办理。`,
  },
  /** R6.1 timers: overdue, handed to the supervision office. */
  'unit.overdue': {
    label: '超期通知（承办单位）',
    vars: ['code', 'due'],
    body: `${SIGNATURE}工单 {code} 已于 {due}（北京时间）超期，已转督办。请尽快办理。`,
  },
  /** Any other hand-over notice (dispatched, returned, reassigned …): the notification's own SMS copy. */
  'unit.notice': {
    label: '交办通知（承办单位）',
    vars: ['notice'],
    body: '{notice}',
  },
} as const;

export type SmsKind = keyof typeof SMS_KINDS;
export const isSmsKind = (k: string): k is SmsKind => k in SMS_KINDS;

/** The longest text a template may produce (a long SMS of 7 parts of 67 UCS-2 characters). */
export const SMS_TEXT_MAX = 469;

const PLACEHOLDER = /\{([a-z]+)\}/g;

/** Refuses a template that names a value its kind does not have. */
export function checkTemplate(kind: SmsKind, body: string): void {
  const allowed: readonly string[] = SMS_KINDS[kind].vars;
  for (const m of body.matchAll(PLACEHOLDER)) {
    if (!allowed.includes(m[1] ?? ''))
      throw new AppError(
        'SMS.TEMPLATE_INVALID',
        `模板中的 {${m[1]}} 不是「${SMS_KINDS[kind].label}」可用的占位符（可用：${allowed.map((v) => `{${v}}`).join('、')}）。`,
      );
  }
  if (body.trim() === '' || body.length > SMS_TEXT_MAX)
    throw new AppError('SMS.TEMPLATE_INVALID', `短信模板不能为空，且不超过 ${SMS_TEXT_MAX} 个字符。`);
}

export function fill(body: string, vars: Record<string, string>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => vars[name] ?? whole).slice(0, SMS_TEXT_MAX);
}

/** The text of one message: the administrator's template of that kind if there is one, else the built-in. */
export async function renderSms(tx: Tx, kind: SmsKind, vars: Record<string, string>): Promise<string> {
  const [own] = await tx
    .select({ body: smsTemplates.body })
    .from(smsTemplates)
    .where(eq(smsTemplates.kind, kind));
  return fill(own?.body ?? SMS_KINDS[kind].body, vars);
}
