/**
 * Enumerations shared by server and web. Names follow docs/design/GLOSSARY.md.
 */

/** Roles (R8.1): the office (市长电话室) registers, dispatches and revisits; the supervision office (督查室) supervises. */
export const ROLES = [
  'admin',
  /** 审计管理员: reads and verifies the audit log, nothing else (GB/T 22239 8.1.4.2 separation of duties). */
  'auditor',
  'office_operator',
  'office_revisitor',
  'supervisor',
  'leader',
  'unit_leader',
  'unit_handler',
] as const;
export type Role = (typeof ROLES)[number];

/** 紧急类 / 一般类 (R3). */
export const URGENCIES = ['urgent', 'general'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Ticket status values — a contract. */
export const TICKET_STATUSES = [
  'registered',
  'dispatched',
  'accepted',
  'returned',
  'planned',
  'completed',
  'replied',
  'supervising',
  'archived',
  /** 直接答复: answered at intake from the knowledge base, never dispatched. */
  'answered',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** 满意 / 基本满意 / 不满意 / 未联系上 (R4.6.3). */
export const REVISIT_OUTCOMES = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'] as const;
export type RevisitOutcome = (typeof REVISIT_OUTCOMES)[number];

/** Kinds of organisational unit. */
export const UNIT_TYPES = [
  'city_government', // 市政府
  'office', // 市长电话室
  'supervision_office', // 市政府督查室
  'district', // 县（市）区政府
  'development_zone', // 开发区管委会
  'street', // 街道
  'township', // 乡镇
  'city_department', // 市直部门
  'department_subunit', // 市直部门下属单位
  'district_department', // 区级政府部门
  'provincial_department', // 中省直部门
  'enterprise', // 供水、供电、供热、供气等企事业单位
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** Peer groups for ranking (R7.2). */
export const PEER_GROUPS = [
  'district_government', // 县（市）区政府、开发区管委会
  'city_department', // 市直部门
  'provincial_enterprise', // 中省直部门及企事业单位
  'street_township', // 街道（乡镇）
] as const;
export type PeerGroup = (typeof PEER_GROUPS)[number];

/** How a unit is attached to a ticket. Only `lead`, `assist` and `sub` are "dispatched" units for R9.1. */
export const TICKET_UNIT_ROLES = [
  'lead', // 主办 / 首办责任单位 (R4.3)
  'assist', // 协办
  'copy', // 上级单位抄送 (R4.2.1)
  'sub', // 二级派单 to a subordinate unit (R4.2.2)
] as const;
export type TicketUnitRole = (typeof TICKET_UNIT_ROLES)[number];

/**
 * 诉求类型 — the request types of GB/T 33358-2016: 咨询, 求助, 投诉, 举报, 建议, 表扬, 其他. A contract.
 */
export const REQUEST_TYPES = [
  'consultation',
  'help',
  'complaint',
  'report',
  'suggestion',
  'praise',
  'other',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_TYPE_ZH: Record<RequestType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
  other: '其他',
};

export const REQUEST_TYPE_EN: Record<RequestType, string> = {
  consultation: 'Consultation',
  help: 'Request for help',
  complaint: 'Complaint',
  report: 'Report',
  suggestion: 'Suggestion',
  praise: 'Praise',
  other: 'Other',
};
