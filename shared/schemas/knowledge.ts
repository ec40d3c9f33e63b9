/**
 * The knowledge base and reply-template contracts, shared by the server and the web.
 */
import { z } from 'zod';
import { REQUEST_TYPES } from '../enums.js';
import { isoInstant, pageQuery, text } from './common.js';

/** 草稿 → 待审核 → 已发布 → 已停用. */
export const KNOWLEDGE_STATUSES = ['draft', 'review', 'published', 'retired'] as const;
export type KnowledgeStatus = (typeof KNOWLEDGE_STATUSES)[number];

export const KNOWLEDGE_LIMITS = { titleMax: 200, bodyMax: 20_000, queryMax: 200, matchTextMax: 2_000 };

const codes = z.array(z.string().trim().min(1).max(50)).max(50);

export const knowledgeListQuery = z.object({
  q: z.string().trim().max(KNOWLEDGE_LIMITS.queryMax).optional(),
  categoryCode: z.string().trim().max(50).optional(),
  status: z.enum(KNOWLEDGE_STATUSES, { message: '文章状态不正确' }).optional(),
  /** Only the viewer's own articles (their unit's, or written by them) that are due for review. */
  dueForReview: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});

export const knowledgeItem = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(KNOWLEDGE_STATUSES),
  version: z.number().int(),
  categoryCodes: z.array(z.string()),
  owningUnitId: z.string().nullable(),
  public: z.boolean(),
  /** Published and past its review date: its owner should look at it again. */
  reviewDue: z.boolean(),
  updatedAt: z.string(),
  /** The first characters of the body, without markup. */
  snippet: z.string(),
});
export type KnowledgeItem = z.infer<typeof knowledgeItem>;
export const knowledgeListView = z.object({ items: z.array(knowledgeItem), total: z.number().int() });

export const knowledgeFields = {
  title: text(KNOWLEDGE_LIMITS.titleMax, '文章标题'),
  body: text(KNOWLEDGE_LIMITS.bodyMax, '文章正文'),
  categoryCodes: codes.optional(),
  districtCodes: codes.optional(),
  effectiveFrom: isoInstant.nullable().optional(),
  effectiveTo: isoInstant.nullable().optional(),
  sourceDocument: z.string().trim().max(500).nullable().optional(),
  owningUnitId: z.uuid({ message: '所属单位不正确' }).nullable().optional(),
  public: z.boolean().optional(),
  reviewDueAt: isoInstant.nullable().optional(),
};

export const createKnowledgeBody = z.object(knowledgeFields);
export type CreateKnowledgeBody = z.input<typeof createKnowledgeBody>;
export const updateKnowledgeBody = z
  .object(knowledgeFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '没有要修改的内容' });
export type UpdateKnowledgeBody = z.input<typeof updateKnowledgeBody>;

export const retireKnowledgeBody = z.object({ reason: z.string().trim().max(500).optional() });

export const knowledgeVersionView = z.object({
  version: z.number().int(),
  action: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  changedFields: z.array(z.string()),
  title: z.string(),
});

export const knowledgeView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  status: z.enum(KNOWLEDGE_STATUSES),
  version: z.number().int(),
  categoryCodes: z.array(z.string()),
  districtCodes: z.array(z.string()),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  sourceDocument: z.string().nullable(),
  owningUnitId: z.string().nullable(),
  public: z.boolean(),
  authorId: z.string().nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  reviewDueAt: z.string().nullable(),
  reviewDue: z.boolean(),
  fromTicketId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  versions: z.array(knowledgeVersionView),
  /** What the viewer may do with it now (buttons). */
  allowed: z.array(z.enum(['edit', 'submit', 'publish', 'retire'])),
});
export type KnowledgeView = z.infer<typeof knowledgeView>;

/** Articles that match what the caller says, beside the registration form. */
export const knowledgeMatchBody = z.object({
  text: z.string().trim().max(KNOWLEDGE_LIMITS.matchTextMax),
  categoryCode: z.string().trim().max(50).optional(),
  district: z.string().trim().max(50).optional(),
});
export const knowledgeMatchView = z.object({
  requestType: z.object({ type: z.enum(REQUEST_TYPES), reasons: z.array(z.string()) }),
  articles: z.array(z.object({ id: z.string(), title: z.string(), body: z.string(), version: z.number() })),
});
export type KnowledgeMatchView = z.infer<typeof knowledgeMatchView>;

/** The citizens' FAQ: published public articles in force. */
export const faqQuery = z.object({ q: z.string().trim().max(KNOWLEDGE_LIMITS.queryMax).optional() });
export const faqView = z.object({
  items: z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })),
});

/** The overview's questions asked most often without an article. */
export const knowledgeGapsView = z.object({
  from: z.string(),
  items: z.array(z.object({ categoryCode: z.string(), count: z.number().int() })),
});

// ---- Reply templates (文本模板) ----

export const TEMPLATE_KINDS = ['feedback', 'revisit', 'supervise', 'delay'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
/** The variables a template may use, written {{诉求人称呼}} in its body. */
export const TEMPLATE_VARIABLES = [
  '诉求人称呼',
  '工单编号',
  '诉求标题',
  '受理时间',
  '办结时间',
  '办结时限',
  '承办单位',
] as const;

export const templateQuery = z.object({
  kind: z.enum(TEMPLATE_KINDS).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  /** The office's management view: every unit's own templates too (to read; a unit's leader keeps them). */
  allUnits: z.enum(['true', 'false']).optional(),
});
export const templateBody = z.object({
  kind: z.enum(TEMPLATE_KINDS, { message: '模板用途不正确' }),
  title: text(100, '模板名称'),
  body: text(4_000, '模板内容'),
  /** Omitted or null: a global template (the office's); a unit's own otherwise. */
  unitId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export type TemplateBody = z.input<typeof templateBody>;
export const templateView = z.object({
  id: z.string(),
  kind: z.enum(TEMPLATE_KINDS),
  title: z.string(),
  body: z.string(),
  unitId: z.string().nullable(),
  active: z.boolean(),
  useCount: z.number().int(),
  lastUsedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** The viewer keeps this template (the office the global ones, a unit leader the unit's own). */
  editable: z.boolean(),
});
export type TemplateView = z.infer<typeof templateView>;
export const fillTemplateBody = z.object({ ticketId: z.uuid({ message: '工单编号格式不正确' }) });
export const filledTemplateView = z.object({
  text: z.string(),
  /** Variables the ticket has no value for yet (left as written, for the user to fill in). */
  missing: z.array(z.string()),
});
