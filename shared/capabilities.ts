/**
 * Every permission outside a single ticket, declared in one place (R8.1, R9.1; GB/T 22239 8.1.4.2): which roles
 * hold a capability and what a refused user is told. The server enforces them (server/auth/permissions.ts — the one
 * place that answers AUTH.FORBIDDEN); the web shows menus and pages from `GET /api/v1/me`'s `capabilities`.
 * What a user may do on one ticket is the state machine's table (domain/ticket/ticket.machine.ts `mayAct`) together
 * with the ticket's unit links (server/tickets/ticket.access.ts).
 */
import type { Role } from './enums.js';

const OFFICE = ['office_operator', 'office_revisitor'] as const;
const FOLLOWS_ALL = [...OFFICE, 'supervisor', 'leader'] as const;

export const CAPABILITIES = {
  'ticket.register': { roles: ['office_operator'], message: '只有市长电话室话务员可以登记诉求（R4.1）。' },
  'ticket.merge': { roles: ['office_operator'], message: '只有市长电话室可以合并重复诉求。' },
  'duplicates.view': {
    roles: [...OFFICE, 'supervisor'],
    message: '只有市长电话室和督查室处理重复诉求。',
  },
  'suggestions.use': {
    roles: [...OFFICE, 'supervisor', 'admin'],
    message: '只有市长电话室和督查室使用派单建议。',
  },
  'classifier.train': { roles: ['admin', 'office_operator'], message: '无权训练模型。' },
  'stats.view': { roles: FOLLOWS_ALL, message: '只有市领导、督查室和市长电话室可以查看全市统计。' },
  'supervision.view': { roles: FOLLOWS_ALL, message: '无权查看督办事项。' },
  'supervision.open': { roles: ['supervisor'], message: '只有市政府督查室可以立案督办。' },
  'accountability.view': { roles: ['supervisor', 'leader'], message: '无权查看追究责任建议。' },
  'accountability.draft': {
    roles: ['supervisor'],
    message: '追究责任建议由市政府督查室起草和签发（R6.2）。',
  },
  'coordination.view': { roles: FOLLOWS_ALL, message: '无权查看协调事项。' },
  'coordination.draft': {
    roles: ['office_operator', 'supervisor'],
    message: '协调建议由市长电话室或市政府督查室起草（R5.1）。',
  },
  'assessment.view': {
    roles: FOLLOWS_ALL,
    message: '只有市长电话室、督查室和市领导可以查看考核结果（R8.1）。',
  },
  // Not the system administrator: separation of duties.
  'assessment.manage': {
    roles: ['office_operator'],
    message: '只有市长电话室话务员可以计算、审核和发布月度考核（R8.1）。',
  },
  'policy.view': { roles: ['admin', ...FOLLOWS_ALL], message: '无权查看政策版本。' },
  'policy.edit': { roles: ['admin'], message: '只有管理员可以修订政策。' },
  // The movable clock of tests and demos (JIESU_FAKE_TIME only): it shows SMS bodies with rating links and moves
  // every deadline, so only the administrator may use it.
  'test-clock.use': { roles: ['admin'], message: '只有系统管理员可以使用测试时钟。' },
  'calendar.manage': { roles: ['admin'], message: '只有管理员可以维护工作日历。' },
  'directory.manage': { roles: ['admin'], message: '只有系统管理员可以维护单位和用户。' },
  // The auditor needs the names to read the audit log by user.
  'users.view': {
    roles: ['admin', 'auditor', ...OFFICE],
    message: '只有管理员、审计员和市长电话室可以查看用户列表。',
  },
  'audit.view': { roles: ['admin', 'auditor'], message: '只有系统管理员和审计员可以查询审计日志。' },
  // R9.1: the audit view of a ticket's record — its timeline without personal data or free text.
  'audit.ticket-record': {
    roles: ['admin', 'auditor'],
    message: '只有系统管理员和审计员可以查看工单的审计记录。',
  },
  // R10.1: a unit's own stricter deadline — its leader for that unit only (checked with the unit), or the admin.
  'unit.internal-deadline': {
    roles: ['unit_leader', 'admin'],
    message: '只有本单位领导或管理员可以设置内部办理时限。',
  },
} as const satisfies Record<string, { roles: readonly Role[]; message: string }>;

export type Capability = keyof typeof CAPABILITIES;

export function can(roles: readonly Role[], capability: Capability): boolean {
  const allowed: readonly Role[] = CAPABILITIES[capability].roles;
  return roles.some((r) => allowed.includes(r));
}

/** Everything a user with these roles may do, for `GET /api/v1/me` and the web's menus. */
export function capabilitiesOf(roles: readonly Role[]): Capability[] {
  return (Object.keys(CAPABILITIES) as Capability[]).filter((c) => can(roles, c));
}
