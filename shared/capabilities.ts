/**
 * Every permission outside a single ticket, declared in one place (R8.1, R9.1; GB/T 22239 8.1.4.2): which roles
 * hold a capability and what a refused user is told. The server enforces them (server/auth/permissions.ts — the one
 * place that answers AUTH.FORBIDDEN); the web shows menus and pages from `GET /api/v1/me`'s `capabilities`.
 * What a user may do on one ticket is the state machine's table (domain/ticket/ticket.machine.ts `mayAct`) together
 * with the ticket's unit links (server/tickets/ticket.access.ts).
 */
import { ROLES, type Role } from './enums.js';

const OFFICE = ['office_operator', 'office_revisitor'] as const;
const FOLLOWS_ALL = [...OFFICE, 'supervisor', 'leader'] as const;
const UNIT = ['unit_handler', 'unit_leader'] as const;
// The admin keeps the ticket search (an empty list but the way to a ticket by its number); the auditor does not.
const SEARCHES_TICKETS = ROLES.filter((r) => r !== 'auditor');

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
  // What the web shows: the work queues and pages of the side menu (R8.1). The lists behind them are the ticket
  // list, filtered per viewer by the server; these say which queue a role works, so the menu need not know roles.
  'queue.dispatch': { roles: ['office_operator'], message: '只有市长电话室话务员处理待派单队列（R4.2）。' },
  'queue.returns': { roles: ['office_operator'], message: '只有市长电话室话务员处理退回队列。' },
  'queue.inbox': { roles: UNIT, message: '只有承办单位处理待办工单。' },
  'queue.copies': { roles: UNIT, message: '只有承办单位查看抄送工单。' },
  'queue.revisit': { roles: OFFICE, message: '只有市长电话室处理回访队列。' },
  'queue.supervision': { roles: ['supervisor'], message: '只有市政府督查室处理督办队列（R6.1）。' },
  'overview.view': { roles: ['leader', 'supervisor', 'admin'], message: '无权查看工作概览。' },
  // The citywide figures of the overview (the others see their own unit's).
  'overview.citywide': {
    roles: ['leader', 'supervisor', 'office_operator'],
    message: '只有市领导、督查室和市长电话室可以查看全市概览。',
  },
  // Auditors handle no tickets (R9.1); the list would always be empty for them.
  'tickets.search': { roles: SEARCHES_TICKETS, message: '审计员不处理工单（R9.1）。' },
  'ranking.view': {
    roles: ['leader', 'supervisor', 'office_operator'],
    message: '只有市领导、督查室和市长电话室查看单位排名（R7.1）。',
  },
  // The list of coordination cases in the menu: those who draft or decide them (R5.1).
  'coordination.queue': {
    roles: ['office_operator', 'supervisor', 'leader'],
    message: '只有市长电话室、督查室和市领导处理协调事项（R5.1）。',
  },
  // R5.1: the city leader decides what coordination could not settle.
  'coordination.decide': { roles: ['leader'], message: '协调事项由市领导决定（R5.1）。' },
  'categories.manage': { roles: ['admin'], message: '只有系统管理员可以维护诉求分类。' },
  'rules.manage': { roles: ['admin'], message: '只有系统管理员可以维护派单规则。' },
  // Partners' API keys (Open311, the phone system): issued, scoped, rotated and revoked by the administrator.
  'apikeys.manage': { roles: ['admin'], message: '只有系统管理员可以管理对接方 API 密钥。' },
  // The knowledge base — read by everyone who handles requests; drafted by the office or a unit
  // (a unit its own articles only, checked with the data); reviewed, published and retired by the office, and
  // never by the article's author (four eyes).
  'knowledge.view': {
    roles: [...FOLLOWS_ALL, ...UNIT],
    message: '无权查看知识库。',
  },
  'knowledge.draft': {
    roles: [...OFFICE, ...UNIT],
    message: '只有市长电话室和承办单位可以起草知识库文章。',
  },
  // A good reply on a completed ticket proposed as an article draft: the office, which reads the replies at
  // revisit, and the units, which wrote them (the ticket must be visible to the viewer; the office reviews it).
  'knowledge.propose': {
    roles: [...OFFICE, ...UNIT],
    message: '只有市长电话室和承办单位可以将工单答复提炼为知识库文章。',
  },
  'knowledge.publish': {
    roles: OFFICE,
    message: '知识库文章由市长电话室审核、发布和停用。',
  },
  // Reply templates — the office keeps the global ones, a unit leader the unit's own.
  'templates.use': { roles: [...OFFICE, 'supervisor', ...UNIT], message: '无权使用文本模板。' },
  'templates.manage': {
    roles: [...OFFICE, 'unit_leader'],
    message: '只有市长电话室（全局模板）和单位领导（本单位模板）可以维护文本模板。',
  },
  // SMS (server/sms/): the office and the administrator see what was sent (masked numbers, R9.1); the
  // administrator keeps the opt-out list, the SMS templates and the units' SMS numbers.
  'sms.view': { roles: ['admin', ...OFFICE], message: '无权查看短信发送记录。' },
  'sms.manage': { roles: ['admin'], message: '只有系统管理员可以维护短信模板、退订名单和单位短信号码。' },
  // Partner connectors and webhook subscriptions hold endpoints and signing secrets: the administrator's.
  'integrations.manage': {
    roles: ['admin'],
    message: '只有系统管理员可以配置对接平台和 Webhook 订阅。',
  },
  // The outbox's deliveries, their log and the dead letters — the office follows what left the platform and replays.
  'integrations.deliveries': {
    roles: ['admin', 'office_operator'],
    message: '只有系统管理员和市长电话室可以查看和重发对外投递。',
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

/**
 * Separation of duties (GB/T 22239 8.1.4.2 d, 三权分立; R9.1): the system administrator and the auditor hold
 * no other role — not each other's, and no ticket-handling role, which would let them read complainants
 * unmasked or audit their own work. Checked wherever roles are given (server/auth/permissions.ts).
 */
export const EXCLUSIVE_ROLES = ['admin', 'auditor'] as const satisfies readonly Role[];

export const ROLES_CONFLICT_MESSAGE =
  '系统管理员和审计员不能兼任其他任何角色（职责分离，GB/T 22239 8.1.4.2）。';
export const OWN_ROLES_MESSAGE = '不能修改自己的角色，请由另一位系统管理员修改。';

/** True when these roles may be held together by one user. */
export function dutiesSeparated(roles: readonly Role[]): boolean {
  const distinct = new Set(roles);
  return !(distinct.size > 1 && [...distinct].some((r) => (EXCLUSIVE_ROLES as readonly Role[]).includes(r)));
}
