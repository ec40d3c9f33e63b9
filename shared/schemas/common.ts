import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { textProblem } from '../text-guard.js';

/** The years a date of this platform may name: refuses year 0000 or 9999 (PostgreSQL or date arithmetic fail). */
export const YEAR_RANGE = { min: 1900, max: 2999 } as const;
export const DATE_RANGE_MESSAGE = `日期须为 ${YEAR_RANGE.min}–${YEAR_RANGE.max} 年间真实存在的日期`;

/** Whether an ISO date or date-time names a real day (no 2026-02-30) of a year in YEAR_RANGE. */
export function saneIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < YEAR_RANGE.min || y > YEAR_RANGE.max) return false;
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** An ISO 8601 instant with an offset (REQUIREMENTS "Time zone"), a real day of a sane year; parsed to a Date. */
export const isoInstant = z.iso
  .datetime({
    offset: true,
    error: (iss) => (iss.input === undefined ? '请选择日期和时间' : '时间格式不正确，请重新选择日期和时间'),
  })
  .refine(saneIsoDate, { message: DATE_RANGE_MESSAGE })
  .transform((s) => new Date(s));

/** A required instant a person picks, named in its messages ("请选择督办时限"). */
export const pickedInstant = (label: string) =>
  z.iso
    .datetime({
      offset: true,
      error: (iss) =>
        iss.input === undefined ? `请选择${label}` : `${label}格式不正确，请重新选择日期和时间`,
    })
    .refine(saneIsoDate, { message: `${label}：${DATE_RANGE_MESSAGE}` })
    .transform((s) => new Date(s));

/** A calendar day, YYYY-MM-DD, real and of a sane year. */
export const isoDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }).refine(saneIsoDate, {
  message: DATE_RANGE_MESSAGE,
});

/** Non-empty trimmed text with a maximum length. */
export const text = (max: number, label: string) =>
  z
    .string({ message: `${label}必须是文本` })
    .trim()
    .min(1, { message: `${label}不能为空` })
    .max(max, { message: `${label}不能超过 ${max} 个字符` })
    .refine((s) => textProblem(s) === null, {
      message: `${label}含有不允许的字符（控制字符、不成对的代理项或文字方向控制字符）`,
    });

/**
 * A UUID in its one canonical form: trimmed and lower-case. PostgreSQL's uuid type accepts any case and
 * stores lower case, so an id taken as sent would be compared, hashed into the audit chain and cached in a
 * different form from the one stored — every id a client sends passes through here (GB/T 22239 8.1.4.3).
 */
export const uuid = (params?: { message?: string }) =>
  z
    .string(params?.message ? { message: params.message } : undefined)
    .trim()
    .toLowerCase()
    .check(z.uuid(params?.message ? { message: params.message } : undefined));

export const uuidParam = z.object({ id: uuid({ message: '工单编号格式不正确' }) });

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
};

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const okSchema = z.object({ ok: z.literal(true) });
