/**
 * 派单目录 (R4.2, R8.3) as the administrator edits it: (category, territory) → handling unit, with a priority
 * that decides between rules that both apply. See server/reference/data/responsibility-rules.ts for the scheme.
 */
import { z } from 'zod';
import { pageQuery, uuid } from './common.js';

/** The category code meaning "any category" (a territory's 兜底 rule, R8.3). */
export const ANY_CATEGORY = '*';

export const RULE_LIMITS = { codeMax: 32, noteMax: 200, priorityMax: 1000 } as const;

const code = (label: string) =>
  z
    .string({ message: `${label}必须是文本` })
    .trim()
    .min(1, { message: `${label}不能为空` })
    .max(RULE_LIMITS.codeMax, { message: `${label}编码过长` });

export const ruleBody = z.object({
  /** A category code, or '*' for any category. */
  categoryCode: code('事项分类'),
  /** A district code, or null for every territory (city-wide). */
  districtCode: code('属地').nullable().default(null),
  unitId: uuid({ message: '承办单位编号格式不正确' }),
  /**
   * Higher wins. Omitted: the scheme of the starter catalogue — 10 for '*', 100 + 10 × level city-wide,
   * 200 + 10 × level in a territory — so the more specific rule wins.
   */
  priority: z
    .number({ message: '优先级必须是数字' })
    .int({ message: '优先级必须是整数' })
    .min(0, { message: '优先级不能小于 0' })
    .max(RULE_LIMITS.priorityMax, { message: `优先级不能大于 ${RULE_LIMITS.priorityMax}` })
    .optional(),
  note: z
    .string({ message: '说明必须是文本' })
    .trim()
    .max(RULE_LIMITS.noteMax, { message: `说明不能超过 ${RULE_LIMITS.noteMax} 个字符` })
    .nullish()
    .transform((s) => s || null),
});
export type RuleBody = z.infer<typeof ruleBody>;

export const ruleView = z.object({
  id: z.string(),
  categoryCode: z.string(),
  /** null for '*' (any category). */
  categoryName: z.string().nullable(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  /** Rules of a deactivated unit stay listed but routing ignores them. */
  unitActive: z.boolean(),
  priority: z.number(),
  note: z.string().nullable(),
});
export type RuleView = z.infer<typeof ruleView>;

export const ruleListQuery = z.object({
  ...pageQuery,
  /** A category and everything under it (codes are hierarchical), or '*'. */
  categoryCode: z.string().trim().max(RULE_LIMITS.codeMax).optional(),
  unitId: uuid({ message: '承办单位编号格式不正确' }).optional(),
  districtCode: z.string().trim().max(RULE_LIMITS.codeMax).optional(),
  /** Words in the category name, the unit's name or code, or the note. */
  q: z.string().trim().max(100).optional(),
});
export type RuleListQuery = z.infer<typeof ruleListQuery>;

export const ruleList = z.object({ items: z.array(ruleView), total: z.number() });
