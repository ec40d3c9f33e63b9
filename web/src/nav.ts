/**
 * The side menu by capability (R8.1; shared/capabilities.ts), without icons or pages so the first chunk can compute a user's home page.
 * Order matters: a user lands on the first entry they may open.
 */
import type { Capability } from '../../shared/capabilities.js';
import type { MeView } from './api';
import type { MessageKey } from './i18n';

export type MenuIcon =
  | 'register'
  | 'dispatch'
  | 'returns'
  | 'inbox'
  | 'copies'
  | 'revisit'
  | 'supervision'
  | 'overview'
  | 'search'
  | 'calendar'
  | 'policy'
  | 'audit'
  | 'units'
  | 'users'
  | 'categories'
  | 'rules'
  | 'accountability'
  | 'coordination'
  | 'ranking'
  | 'knowledge'
  | 'sms'
  | 'apikeys'
  | 'integrations';

export interface MenuEntry {
  path: string;
  /** What the user must hold to see the entry and open its page (shared/capabilities.ts, from `GET /api/v1/me`). */
  capability: Capability;
  label: MessageKey;
  icon: MenuIcon;
}

export const MENU: MenuEntry[] = [
  { path: '/register', capability: 'ticket.register', label: 'menu.register', icon: 'register' },
  { path: '/queue/dispatch', capability: 'queue.dispatch', label: 'menu.dispatchQueue', icon: 'dispatch' },
  { path: '/queue/returns', capability: 'queue.returns', label: 'menu.returnsQueue', icon: 'returns' },
  { path: '/inbox', capability: 'queue.inbox', label: 'menu.inbox', icon: 'inbox' },
  { path: '/copies', capability: 'queue.copies', label: 'menu.copies', icon: 'copies' },
  { path: '/revisit', capability: 'queue.revisit', label: 'menu.revisitQueue', icon: 'revisit' },
  {
    path: '/supervision',
    capability: 'queue.supervision',
    label: 'menu.supervisionQueue',
    icon: 'supervision',
  },
  { path: '/overview', capability: 'overview.view', label: 'menu.overview', icon: 'overview' },
  { path: '/tickets', capability: 'tickets.search', label: 'menu.allTickets', icon: 'search' },
  { path: '/knowledge', capability: 'knowledge.view', label: 'menu.knowledge', icon: 'knowledge' },
  { path: '/admin/calendar', capability: 'calendar.manage', label: 'menu.adminCalendar', icon: 'calendar' },
  { path: '/admin/policies', capability: 'policy.edit', label: 'menu.adminPolicies', icon: 'policy' },
  { path: '/admin/audit', capability: 'audit.view', label: 'menu.adminAudit', icon: 'audit' },
  { path: '/admin/units', capability: 'directory.manage', label: 'menu.adminUnits', icon: 'units' },
  { path: '/admin/users', capability: 'directory.manage', label: 'menu.adminUsers', icon: 'users' },
  {
    path: '/admin/categories',
    capability: 'categories.manage',
    label: 'menu.adminCategories',
    icon: 'categories',
  },
  { path: '/admin/rules', capability: 'rules.manage', label: 'menu.adminRules', icon: 'rules' },
  { path: '/admin/api-keys', capability: 'apikeys.manage', label: 'menu.adminApiKeys', icon: 'apikeys' },
  {
    path: '/integrations',
    capability: 'integrations.deliveries',
    label: 'menu.adminIntegrations',
    icon: 'integrations',
  },
  { path: '/ranking', capability: 'ranking.view', label: 'menu.ranking', icon: 'ranking' },
  {
    path: '/coordination',
    capability: 'coordination.queue',
    label: 'menu.coordination',
    icon: 'coordination',
  },
  {
    path: '/accountability',
    capability: 'accountability.view',
    label: 'menu.accountability',
    icon: 'accountability',
  },
  { path: '/sms', capability: 'sms.view', label: 'menu.sms', icon: 'sms' },
];

/** The user holds the capability (the server's list in `GET /api/v1/me`; the server enforces it again). */
export const may = (user: Pick<MeView, 'capabilities'>, capability: Capability): boolean =>
  user.capabilities.includes(capability);

/** A page with no capability (the ticket search by link, a ticket) is open to every signed-in user. */
export const mayOpen = (user: Pick<MeView, 'capabilities'>, capability: Capability | null): boolean =>
  capability === null || may(user, capability);

export const menuFor = (user: Pick<MeView, 'capabilities'>): MenuEntry[] =>
  MENU.filter((m) => may(user, m.capability));

/** Where a user lands after login: the first menu entry they may open. */
export const homePath = (user: Pick<MeView, 'capabilities'>): string => menuFor(user)[0]?.path ?? '/tickets';
