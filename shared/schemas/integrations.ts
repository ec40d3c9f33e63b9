/**
 * Partner connectors (R2.1 upstream channels), webhook subscriptions and the outbox's deliveries — the contracts
 * shared by the server and the admin pages (docs/integrations-outbound.md).
 */
import { z } from 'zod';
import { TICKET_EVENT_TYPES } from '../events.js';
import { pageQuery } from './common.js';

/** The report-backs (回传) a partner may take: 受理 (dispatched), 办结 with the result, 答复诉求人, 回访结果. */
export const REPORT_EVENTS = ['accepted', 'completed', 'replied', 'revisit'] as const;
export type ReportEvent = (typeof REPORT_EVENTS)[number];

/** A webhook's event types: every ticket event of the timeline (shared/events.ts). */
export const WEBHOOK_EVENT_TYPES = TICKET_EVENT_TYPES;

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'dead'] as const;

/** The fields of a registration a partner's request is mapped onto (createTicketBody), as dot paths. */
export const INBOUND_FIELDS = [
  'channelRef',
  'receivedAt',
  'title',
  'content',
  'complainant.name',
  'complainant.phone',
  'complainant.address',
  'complainant.idNumber',
  'location.district',
  'location.address',
  'categoryCode',
] as const;

/** The fields of a report-back (the canonical payload), renamed for a partner by its outbound mapping. */
export const OUTBOUND_FIELDS = [
  'event',
  'channelRef',
  'ticketId',
  'ticketCode',
  'at',
  'status',
  'unit',
  'completeDueAt',
  'result',
  'reply',
  'outcome',
] as const;

const httpUrl = z.url({ protocol: /^https?$/, message: '地址须为 http:// 或 https:// 开头的网址' }).max(2000);
const path = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_$.-]+$/, { message: '字段路径只能包含字母、数字、点、下划线和连字符' });
const secret = z.string().min(16, { message: '签名密钥至少 16 个字符' }).max(200);

export const fieldMapping = z.object({
  inbound: z.partialRecord(z.enum(INBOUND_FIELDS), path).default({}),
  outbound: z.partialRecord(z.enum(OUTBOUND_FIELDS), path).default({}),
});

export const connectorBody = z.object({
  code: z
    .string()
    .trim()
    .min(2)
    .max(50)
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: '编码只能包含小写字母、数字和连字符' }),
  name: z.string().trim().min(1, { message: '请填写名称' }).max(100),
  channel: z.string().trim().min(1, { message: '请选择受理渠道' }).max(50),
  enabled: z.boolean().default(true),
  endpointUrl: httpUrl.nullable().default(null),
  /** Omitted on create: a random secret is generated and shown once; omitted on edit: the secret is kept. */
  secret: secret.optional(),
  fieldMapping: fieldMapping.default({ inbound: {}, outbound: {} }),
  reportEvents: z.array(z.enum(REPORT_EVENTS)).max(REPORT_EVENTS.length).default([]),
  pollUrl: httpUrl.nullable().default(null),
  pollIntervalSeconds: z.number().int().min(30).max(86_400).default(300),
});
export type ConnectorBody = z.input<typeof connectorBody>;

export const connectorView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  channel: z.string(),
  enabled: z.boolean(),
  endpointUrl: z.string().nullable(),
  fieldMapping: z.object({
    inbound: z.record(z.string(), z.string()),
    outbound: z.record(z.string(), z.string()),
  }),
  reportEvents: z.array(z.string()),
  pollUrl: z.string().nullable(),
  pollIntervalSeconds: z.number().int(),
  pollCursor: z.string().nullable(),
  lastPolledAt: z.string().nullable(),
  /** The inbound push URL's path. */
  inboundPath: z.string(),
  /** Only in the answer that created the secret (create without one, or rotate): shown once. */
  secret: z.string().optional(),
  updatedAt: z.string(),
});
export type ConnectorView = z.infer<typeof connectorView>;

export const subscriptionBody = z.object({
  name: z.string().trim().min(1, { message: '请填写名称' }).max(100),
  url: httpUrl,
  enabled: z.boolean().default(true),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, { message: '请至少选择一种事件' }).max(100),
  categoryCodes: z.array(z.string().trim().min(1).max(50)).max(100).default([]),
  districtCodes: z.array(z.string().trim().min(1).max(20)).max(50).default([]),
  unitIds: z.array(z.uuid()).max(100).default([]),
  secret: secret.optional(),
});
export type SubscriptionBody = z.input<typeof subscriptionBody>;

export const subscriptionView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  enabled: z.boolean(),
  eventTypes: z.array(z.string()),
  categoryCodes: z.array(z.string()),
  districtCodes: z.array(z.string()),
  unitIds: z.array(z.string()),
  secret: z.string().optional(),
  updatedAt: z.string(),
});
export type SubscriptionView = z.infer<typeof subscriptionView>;

export const deliveryQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  targetId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  ...pageQuery,
});

export const attemptView = z.object({
  attempt: z.number().int(),
  at: z.string(),
  outcome: z.string(),
  httpStatus: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});

export const deliveryView = z.object({
  id: z.string(),
  targetKind: z.enum(['connector', 'webhook']),
  targetId: z.string(),
  targetName: z.string(),
  ticketId: z.string().nullable(),
  ticketCode: z.string().nullable(),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAt: z.string(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryView>;
export const deliveryListView = z.object({
  items: z.array(deliveryView),
  total: z.number().int(),
  /** Every delivery by status (the page's summary: the dead letters waiting for a replay). */
  counts: z.object({
    pending: z.number().int(),
    sending: z.number().int(),
    delivered: z.number().int(),
    dead: z.number().int(),
  }),
});
export const deliveryDetailView = deliveryView.extend({ log: z.array(attemptView) });

/** A partner's pushed request: any JSON object; the connector's inbound mapping picks the fields. */
export const partnerPushBody = z.record(z.string(), z.unknown());

export const partnerPushAnswer = z.object({
  ticketId: z.string(),
  code: z.string(),
  /** False when the partner's reference was already registered (R2.2): the same ticket. */
  created: z.boolean(),
});
