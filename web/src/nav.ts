/**
 * The side menu by role (R8.1), without icons or pages so the first chunk can compute a user's home page.
 * Order matters: a user lands on the first entry their roles show.
 */
import { ROLES, type Role } from '../../shared/enums.js';
import type { UserView } from './api';
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
  | 'ranking';

export interface MenuEntry {
  path: string;
  roles: readonly Role[];
  label: MessageKey;
  icon: MenuIcon;
}

const OFFICE: Role[] = ['office_operator'];
const UNIT: Role[] = ['unit_handler', 'unit_leader'];

export const MENU: MenuEntry[] = [
  { path: '/register', roles: OFFICE, label: 'menu.register', icon: 'register' },
  { path: '/queue/dispatch', roles: OFFICE, label: 'menu.dispatchQueue', icon: 'dispatch' },
  { path: '/queue/returns', roles: OFFICE, label: 'menu.returnsQueue', icon: 'returns' },
  { path: '/inbox', roles: UNIT, label: 'menu.inbox', icon: 'inbox' },
  { path: '/copies', roles: UNIT, label: 'menu.copies', icon: 'copies' },
  {
    path: '/revisit',
    roles: ['office_revisitor', 'office_operator'],
    label: 'menu.revisitQueue',
    icon: 'revisit',
  },
  { path: '/supervision', roles: ['supervisor'], label: 'menu.supervisionQueue', icon: 'supervision' },
  { path: '/overview', roles: ['leader', 'supervisor', 'admin'], label: 'menu.overview', icon: 'overview' },
  // Admins and auditors handle no tickets (R9.1); the list would always be empty for them.
  { path: '/tickets', roles: ROLES.filter((r) => r !== 'auditor'), label: 'menu.allTickets', icon: 'search' },
  { path: '/admin/calendar', roles: ['admin'], label: 'menu.adminCalendar', icon: 'calendar' },
  { path: '/admin/policies', roles: ['admin'], label: 'menu.adminPolicies', icon: 'policy' },
  { path: '/admin/audit', roles: ['admin', 'auditor'], label: 'menu.adminAudit', icon: 'audit' },
  { path: '/admin/units', roles: ['admin'], label: 'menu.adminUnits', icon: 'units' },
  { path: '/admin/users', roles: ['admin'], label: 'menu.adminUsers', icon: 'users' },
  { path: '/admin/categories', roles: ['admin'], label: 'menu.adminCategories', icon: 'categories' },
  { path: '/admin/rules', roles: ['admin'], label: 'menu.adminRules', icon: 'rules' },
  {
    path: '/ranking',
    roles: ['leader', 'supervisor', 'office_operator'],
    label: 'menu.ranking',
    icon: 'ranking',
  },
  {
    path: '/coordination',
    roles: ['office_operator', 'supervisor', 'leader'],
    label: 'menu.coordination',
    icon: 'coordination',
  },
  {
    path: '/accountability',
    roles: ['supervisor', 'leader'],
    label: 'menu.accountability',
    icon: 'accountability',
  },
];

export const mayOpen = (user: UserView, roles: readonly Role[]): boolean =>
  roles.some((r) => user.roles.includes(r));

export const menuFor = (user: UserView): MenuEntry[] => MENU.filter((m) => mayOpen(user, m.roles));

/** Where a user lands after login: the first menu entry their roles show. */
export const homePath = (user: UserView): string => menuFor(user)[0]?.path ?? '/tickets';
