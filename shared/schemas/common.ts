import { z } from 'zod';
import { LIMITS } from '../limits.js';

/** An ISO 8601 instant with an offset (REQUIREMENTS "Time zone"); parsed to a Date. */
export const isoInstant = z.iso
  .datetime({
    offset: true,
    error: (iss) => (iss.input === undefined ? '请选择日期和时间' : '时间格式不正确，请重新选择日期和时间'),
  })
  .transform((s) => new Date(s));

/** A required instant a person picks, named in its messages ("请选择督办时限"). */
export const pickedInstant = (label: string) =>
  z.iso
    .datetime({
      offset: true,
      error: (iss) =>
        iss.input === undefined ? `请选择${label}` : `${label}格式不正确，请重新选择日期和时间`,
    })
    .transform((s) => new Date(s));

/** Non-empty trimmed text with a maximum length. */
export const text = (max: number, label: string) =>
  z
    .string({ message: `${label}必须是文本` })
    .trim()
    .min(1, { message: `${label}不能为空` })
    .max(max, { message: `${label}不能超过 ${max} 个字符` });

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
