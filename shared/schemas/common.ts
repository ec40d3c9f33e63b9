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

export const uuidParam = z.object({ id: z.uuid({ message: '工单编号格式不正确' }) });

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
};

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const okSchema = z.object({ ok: z.literal(true) });
