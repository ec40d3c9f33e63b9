/**
 * The ticket API contract, shared by the server (validation, OpenAPI) and the web forms.
 */
import { z } from 'zod';
import { REQUEST_TYPES, REVISIT_OUTCOMES, TICKET_STATUSES, TICKET_UNIT_ROLES, URGENCIES } from '../enums.js';
import { LIMITS } from '../limits.js';
import { isoInstant, pageQuery, pickedInstant, text, uuid } from './common.js';
import { isCallablePhone, PHONE_HINT_ZH } from '../phone.js';

/** Mainland mobile or landline, optional +86; the server normalises it before hashing. */
export const phone = z
  .string({ message: '电话必须是文本' })
  .trim()
  .min(1, { message: '请填写联系电话' })
  .max(LIMITS.phoneMax)
  .refine(isCallablePhone, { message: PHONE_HINT_ZH });

/** 居民身份证号码 (GB 11643): 18 characters, the last may be X. */
const idNumber = z
  .string()
  .trim()
  .regex(/^\d{17}[\dXx]$/, { message: '身份证号应为 18 位，最后一位可以是 X' })
  .transform((s) => s.toUpperCase());

export const complainantInput = z.object({
  name: text(LIMITS.nameMax, '诉求人姓名'),
  phone,
  idNumber: idNumber.optional(),
  address: z.string().trim().max(LIMITS.addressMax).optional(),
});

export const locationInput = z.object({
  district: z.string().trim().max(50).optional(),
  address: z.string().trim().max(LIMITS.addressMax).optional(),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
});

export const createTicketBody = z.object({
  channel: z.string().trim().min(1, { message: '请选择受理渠道' }).max(50),
  channelRef: z.string().trim().min(1).max(LIMITS.channelRefMax).optional(),
  receivedAt: isoInstant.optional(),
  title: z.string().trim().max(LIMITS.titleMax).optional(),
  content: text(LIMITS.contentMax, '诉求内容'),
  complainant: complainantInput,
  location: locationInput.optional(),
  categoryCode: z.string().trim().max(50).optional(),
  urgency: z.enum(URGENCIES).optional(),
  /** 诉求类型; omitted, the type suggested from the text is recorded. */
  requestType: z.enum(REQUEST_TYPES, { message: '诉求类型不正确' }).optional(),
  /** The phone system's call id, when registered from a screen pop: a later recording attaches to this ticket. */
  callId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, { message: '来电编号格式不正确' })
    .optional(),
});
export type CreateTicketBody = z.input<typeof createTicketBody>;

export const ticketListQuery = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  requestType: z.enum(REQUEST_TYPES).optional(),
  unitId: uuid().optional(),
  categoryCode: z.string().trim().max(50).optional(),
  /** A district's code. */
  district: z.string().trim().max(50).optional(),
  /** Registered at or after this instant, and before `registeredTo`. */
  registeredFrom: isoInstant.optional(),
  registeredTo: isoInstant.optional(),
  /**
   * The search box (ADR 0010): a ticket code, a phone number (office and supervisors, through the keyed hash), a
   * unit's code or name, or words of the title, content, replies and notes — all of them required.
   */
  q: z.string().trim().max(100).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /**
   * `true` — only tickets still being handled (not completed, replied or archived): the unit's to-do lists. A
   * `status` given as well wins (a finished ticket is found by choosing its status).
   */
  open: z.enum(['true', 'false']).optional(),
  /**
   * For a unit's users: `handling` — tickets their unit (or one below it) was dispatched to as lead, assisting
   * or sub-dispatched unit (the inbox); `copy` — urgent tickets copied to their unit as superior (R4.2.1).
   */
  link: z.enum(['handling', 'copy']).optional(),
  /**
   * `revisit` — the revisit queue (R4.6): one row per ticket whose complainants wait for a call, a merged group
   * (R2.2) as its parent's row even when only a merged complainant still waits.
   */
  queue: z.enum(['revisit']).optional(),
  sort: z.enum(['registeredAt', 'dueAt']).default('registeredAt'),
  ...pageQuery,
});

/** The list's filters without paging: an export holds every matching ticket (up to a cap). */
export const ticketExportQuery = ticketListQuery.omit({ page: true, pageSize: true });

export const complainantView = z.object({
  name: z.string(),
  phone: z.string(),
  idNumber: z.string().nullable(),
  address: z.string().nullable(),
  /** False when the viewer sees a masked copy (R9.1). */
  unmasked: z.boolean(),
});

export const deadlinesView = z.object({
  verifyDueAt: z.string().nullable(),
  completeDueAt: z.string().nullable(),
  provisionalCalendar: z.boolean(),
  overdue: z.boolean(),
  remainingSeconds: z.number().nullable(),
  /** R10.1: the viewer's own unit's stricter internal deadline, beside — never instead of — the city's. */
  internalDueAt: z.string().nullable(),
});

export const ticketView = z.object({
  id: z.string(),
  code: z.string(),
  /** What the complainant tracks by on the public page ('<code>-<check>'): shown to those who see the
   * complainant unmasked (the office tells a caller), null for others (R9.1). */
  trackingReference: z.string().nullable(),
  status: z.enum(TICKET_STATUSES),
  urgency: z.enum(URGENCIES),
  requestType: z.enum(REQUEST_TYPES),
  categoryCode: z.string().nullable(),
  channel: z.string(),
  channelRef: z.string().nullable(),
  receivedAt: z.string(),
  title: z.string(),
  content: z.string(),
  complainant: complainantView,
  location: z.object({
    district: z.string().nullable(),
    address: z.string().nullable(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
  }),
  leadUnitId: z.string().nullable(),
  responsiblePerson: z.string().nullable(),
  copiedUnitIds: z.array(z.string()),
  units: z.array(z.object({ unitId: z.string(), role: z.enum(TICKET_UNIT_ROLES) })),
  deadlines: deadlinesView,
  dispatchedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  disposalReportedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  promisedAt: z.string().nullable(),
  returnCount: z.number(),
  revisitAttempts: z.number(),
  revisitOutcome: z.enum(REVISIT_OUTCOMES).nullable(),
  policyVersion: z.number(),
  /** The ticket's revision: sent back as If-Match, a write on a changed ticket is refused (TICKET.STALE). */
  rev: z.number(),
  /** Set when this ticket was merged under another as a duplicate. */
  /** A merged duplicate (R2.2): the ticket it follows, and that ticket's code (the banner links it). */
  parentTicketId: z.string().nullable(),
  parentCode: z.string().nullable(),
  /** How many complainants the ticket stands for: itself and the duplicates merged into it (R2.2). */
  complainantCount: z.number(),
  /** Actions the viewer may take now, for the UI. */
  allowedActions: z.array(z.string()),
  /** In the dispatch queue: the request arrived without an operator and its suggestions said urgent (R3.1). */
  looksUrgent: z.boolean().optional(),
  /** In a search's answer: where the query's words occur — [start, end) ranges of the title and of a snippet. */
  match: z
    .object({
      title: z.array(z.tuple([z.number(), z.number()])),
      snippet: z.string(),
      snippetRanges: z.array(z.tuple([z.number(), z.number()])),
    })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketView = z.infer<typeof ticketView>;

/** `approx`: the total is an estimate (more matches than are counted exactly); the list shows "约". */
export const ticketListView = z.object({
  items: z.array(ticketView),
  total: z.number(),
  approx: z.boolean().optional(),
});

export const ticketEventView = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorUnitId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * Where an on-site report was made: the browser's geolocation, sent only when the handler agreed to it (R4.3.1
 * "第一时间到现场"). Stored on the action's event, never on the ticket. `accuracy` is the radius in metres.
 */
export const geoFix = z.object({
  lat: z.number({ message: '纬度须为数字' }).min(-90).max(90),
  lng: z.number({ message: '经度须为数字' }).min(-180).max(180),
  accuracy: z.number({ message: '定位精度须为数字' }).min(0).max(100_000),
});
export type GeoFix = z.infer<typeof geoFix>;

/**
 * The Idempotency-Key header of a ticket action: the client's own id of one attempt (a UUID), so that an attempt
 * sent again after a lost answer or from the offline queue is applied once.
 */
export const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, { message: 'Idempotency-Key 须为 8–100 个字母、数字、- 或 _' });

/** One body schema per transition. */
export const actionBodies = {
  dispatch: z.object({
    unitId: uuid({ message: '请选择承办单位' }),
    urgency: z.enum(URGENCIES).optional(),
    categoryCode: z.string().trim().max(50).optional(),
  }),
  accept: z.object({ responsiblePerson: text(LIMITS.nameMax, '具体负责人') }),
  return: z.object({ reason: text(LIMITS.reasonMax, '退单理由') }),
  'review-return': z.union([
    z.object({
      accept: z.literal(true),
      unitId: uuid({ message: '同意退单时须指定新的承办单位' }),
      reason: text(LIMITS.reasonMax, '审定意见'),
    }),
    z.object({ accept: z.literal(false), reason: text(LIMITS.reasonMax, '审定意见') }),
  ]),
  'report-disposal': z.object({ text: text(LIMITS.textMax, '处置情况'), location: geoFix.optional() }),
  verify: z.object({ text: text(LIMITS.textMax, '核实情况'), location: geoFix.optional() }),
  complete: z.object({ result: text(LIMITS.textMax, '办理结果'), location: geoFix.optional() }),
  plan: z.object({ plan: text(LIMITS.textMax, '解决方案'), promisedAt: isoInstant }),
  feedback: z.object({
    toComplainant: text(LIMITS.textMax, '向诉求人反馈内容'),
    toOffice: text(LIMITS.textMax, '向市长电话室回复内容'),
    method: z.enum(['phone', 'sms', 'visit', 'letter', 'online']).optional(),
    contactedAt: isoInstant.optional(),
    explanation: z.string().trim().min(1).max(LIMITS.textMax).optional(),
  }),
  'track-contact': z.object({
    reached: z.boolean(),
    note: z.string().trim().max(LIMITS.textMax).default(''),
  }),
  'explain-delay': z.object({ explanation: text(LIMITS.textMax, '超期说明'), committedAt: isoInstant }),
  reopen: z.object({ reason: text(LIMITS.reasonMax, '重新办理理由') }),
  revisit: z.object({
    outcome: z.enum(REVISIT_OUTCOMES),
    note: z.string().trim().max(LIMITS.textMax).default(''),
  }),
  supervise: z.object({ notice: text(LIMITS.textMax, '督办意见'), dueAt: pickedInstant('督办时限') }),
  'close-supervision': z.object({ decision: text(LIMITS.textMax, '办结决定') }),
  'sub-dispatch': z.object({
    unitId: uuid({ message: '请选择下属单位' }),
    note: z.string().trim().max(LIMITS.textMax).default(''),
  }),
  'request-assistance': z.object({ reason: text(LIMITS.reasonMax, '需要协助的事项') }),
  'add-assist': z.object({
    unitIds: z.array(uuid()).min(1, { message: '请至少选择一个协办单位' }).max(20),
    note: z.string().trim().max(LIMITS.textMax).default(''),
  }),
  // 直接答复 — answered at intake from published knowledge articles, closed at once.
  answer: z.object({
    articleIds: z
      .array(z.uuid({ message: '知识库文章编号不正确' }))
      .min(1, { message: '请至少引用一篇知识库文章' })
      .max(10),
    answer: text(LIMITS.textMax, '答复内容'),
  }),
} as const;
export type ActionName = keyof typeof actionBodies;

/** One complainant of a merged group (R2.2): the parent first, then each duplicate merged into it. */
export const groupMemberView = z.object({
  id: z.string(),
  code: z.string(),
  /** The parent of the group (false for a merged duplicate). */
  parent: z.boolean(),
  status: z.enum(TICKET_STATUSES),
  receivedAt: z.string(),
  complainant: complainantView,
  revisitAttempts: z.number(),
  revisitOutcome: z.enum(REVISIT_OUTCOMES).nullable(),
  rev: z.number(),
  allowedActions: z.array(z.string()),
});
export type GroupMemberView = z.infer<typeof groupMemberView>;

/** Separating a merged duplicate again (取消合并): the office says why. */
export const unmergeBody = z.object({ reason: text(LIMITS.reasonMax, '取消合并的理由') });
