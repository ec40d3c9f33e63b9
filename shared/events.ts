/**
 * The vocabulary of the ticket event log (the timeline): every event type the server writes and every payload
 * field an event carries. The server's event writer takes only these types (ticket.repository.ts
 * `EventInput`), and the web labels each of them in both languages (web/src/pages/timeline-i18n.ts), so a
 * new event cannot reach the timeline as a raw key.
 */

/** Lifecycle actions (ticket.machine.ts `TicketAction`), each written as an event of the same name. */
export const TICKET_ACTION_EVENTS = [
  'dispatch',
  'accept',
  'return',
  'review-return',
  'report-disposal',
  'verify',
  'complete',
  'plan',
  'feedback',
  'revisit',
  'supervise',
  'close-supervision',
  'sub-dispatch',
  'request-assistance',
  'add-assist',
  'coordinate',
  'track-contact',
  'explain-delay',
  'reopen',
  'answer', // 直接答复
] as const;

/** Events the system or an administrator writes outside the lifecycle actions. */
export const TICKET_SYSTEM_EVENTS = [
  'register', // 诉求登记 (R4.1)
  'revisit-draw', // 回访抽样 (R4.6.2)
  'archive', // 未抽中回访，直接归档
  'deadline-warning', // 临期预警
  'overdue', // 超期 (R6.1)
  'deadline-recomputed', // 工作日历变更后重算时限
  'merge', // 并入主工单
  'merge-child', // 有重复诉求并入本工单
  'follow-parent', // 随主工单办理
  'unmerge', // 取消合并：重新作为独立工单 (R2.2)
  'unmerge-child', // 重复诉求取消合并
  'attachment-added', // 上传附件
] as const;

export const TICKET_EVENT_TYPES = [...TICKET_ACTION_EVENTS, ...TICKET_SYSTEM_EVENTS] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** Keys of event payloads (`ticket_events.data`). Personal data never appears among them. */
export const TICKET_EVENT_FIELDS = [
  'channel',
  'channelRef',
  'urgency',
  'categoryCode',
  'policyVersion',
  'unitId',
  'fromUnitId',
  'unitIds',
  'assistUnitIds',
  'responsiblePerson',
  'reason',
  'accept',
  'text',
  'late',
  'result',
  'plan',
  'promisedAt',
  'previousDueAt',
  'toComplainant',
  'toOffice',
  'method',
  'contactedAt',
  'explanation',
  'committedAt',
  'outcome',
  'note',
  'attempt',
  'via',
  'notice',
  'dueAt',
  'decision',
  'reached',
  'archivedAt',
  'completeDueAt',
  'verifyDueAt',
  'provisionalCalendar',
  'seed',
  'rate',
  'value',
  'drawn',
  'parentId',
  'parentCode',
  'childId',
  'childCode',
  'parentAction',
  'attachmentId',
  'mediaType',
  'size',
  'requestType',
  'articleIds',
  'answer',
  'templateId',
] as const;
export type TicketEventField = (typeof TICKET_EVENT_FIELDS)[number];

/** Who an event is attributed to besides the user roles (shared/enums.ts `ROLES`). */
export const EVENT_ACTOR_ROLES = ['system', 'complainant', 'public'] as const;
