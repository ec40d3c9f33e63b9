import { z } from 'zod';
import { LIMITS } from '../limits.js';

/** An ISO 8601 instant with an offset (REQUIREMENTS "Time zone"); parsed to a Date. */
export const isoInstant = z.iso
  .datetime({ offset: true, message: '请使用带时区的 ISO 8601 时间，例如 2026-10-01T09:00:00+08:00' })
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
