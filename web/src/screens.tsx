/**
 * Every screen's code, split into its own chunk and loaded on demand — without React's suspense fallback
 * when it can be avoided. React 19 holds a suspense boundary's fallback for at least 300 ms before revealing
 * the content, so a screen whose chunk arrives in 50 ms would still appear 300 ms late. Here each screen can
 * be *preloaded* (login, the shell and the landing page are, before they are shown); a preloaded screen
 * renders directly, and only one that is not goes through React.lazy and a fallback.
 *
 * Also the route table (path → screen), small enough for the first chunk; menu icons stay in routes.tsx.
 */
import { lazy, useState, type ComponentType } from 'react';
import type { Capability } from '../../shared/capabilities.js';
import type { MeView } from './api';
import { homePath, mayOpen, MENU } from './nav';
import type { Preset } from './pages/list-presets';
import { matchPath } from './router';

export interface Screen<P> {
  /** Renders the screen: directly once loaded, through React.lazy before. */
  Component: ComponentType<P>;
  /** Loads the screen's code (once); resolves when it can render without suspending. */
  preload(): Promise<void>;
}

// Screens take differing props; each route pairs a screen with its props by construction.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function screen<P extends Record<string, any>>(
  load: () => Promise<{ default: ComponentType<P> }>,
): Screen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const get = () => {
    loading ??= load().then(
      (m) => {
        loaded = m.default;
        return m;
      },
      (err: unknown) => {
        loading = null; // a failed chunk (e.g. after a redeploy) may be retried
        throw err;
      },
    );
    return loading;
  };
  const Lazy = lazy(get);
  function Component(props: P) {
    // Chosen once per mount, so a screen that finishes loading is not remounted.
    const [C] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <C {...props} />;
  }
  return { Component, preload: () => get().then(() => undefined) };
}

export const LOGIN = screen(() => import('./pages/LoginPage'));
export const SHELL = screen(() => import('./components/AppShell'));
export const PUBLIC = screen(() => import('./public/PublicPage'));

const PAGES = {
  register: screen(() => import('./pages/RegisterPage')),
  list: screen(() => import('./pages/TicketListPage')),
  ticket: screen(() => import('./pages/TicketPage')),
  overview: screen(() => import('./pages/OverviewPage')),
  calendar: screen(() => import('./admin/CalendarPage')),
  policies: screen(() => import('./admin/PoliciesPage')),
  audit: screen(() => import('./admin/AuditPage')),
  auditTicket: screen(() => import('./admin/AuditTicketPage')),
  units: screen(() => import('./admin/UnitsPage')),
  users: screen(() => import('./admin/UsersPage')),
  categories: screen(() => import('./admin/CategoriesPage')),
  rules: screen(() => import('./admin/RulesPage')),
  apiKeys: screen(() => import('./admin/ApiKeysPage')),
  integrations: screen(() => import('./integrations/IntegrationsPage')),
  supervisionCases: screen(() => import('./supervision/SupervisionCasesPage')),
  accountability: screen(() => import('./supervision/AccountabilityPage')),
  coordination: screen(() => import('./supervision/CoordinationPage')),
  ranking: screen(() => import('./supervision/RankingPage')),
  knowledge: screen(() => import('./knowledge/KnowledgePage')),
  sms: screen(() => import('./sms/SmsPage')),
  templates: screen(() => import('./knowledge/TemplatesPage')),
};
export type PageName = keyof typeof PAGES;

export interface RouteDef {
  path: string;
  /** What opening the page takes; null: every signed-in user. */
  capability: Capability | null;
  page: PageName;
  props?: Record<string, unknown>;
}

const list = (preset: Preset) => ({ page: 'list' as const, props: { preset } });
const capabilityOf = (path: string): Capability | null => {
  const entry = MENU.find((m) => m.path === path);
  if (!entry) throw new Error(`no menu entry for ${path}`);
  return entry.capability;
};

export const ROUTES: RouteDef[] = [
  { path: '/register', capability: capabilityOf('/register'), page: 'register' },
  { path: '/queue/dispatch', capability: capabilityOf('/queue/dispatch'), ...list('dispatch') },
  { path: '/queue/returns', capability: capabilityOf('/queue/returns'), ...list('returns') },
  { path: '/inbox', capability: capabilityOf('/inbox'), ...list('inbox') },
  { path: '/copies', capability: capabilityOf('/copies'), ...list('copies') },
  { path: '/revisit', capability: capabilityOf('/revisit'), ...list('revisit') },
  { path: '/supervision', capability: capabilityOf('/supervision'), page: 'supervisionCases' },
  { path: '/overview', capability: capabilityOf('/overview'), page: 'overview' },
  { path: '/tickets', capability: null, ...list('all') },
  { path: '/tickets/:id', capability: null, page: 'ticket' },
  { path: '/admin/calendar', capability: capabilityOf('/admin/calendar'), page: 'calendar' },
  { path: '/admin/policies', capability: capabilityOf('/admin/policies'), page: 'policies' },
  { path: '/admin/audit', capability: capabilityOf('/admin/audit'), page: 'audit' },
  { path: '/audit/tickets/:id', capability: 'audit.ticket-record', page: 'auditTicket' },
  { path: '/admin/units', capability: capabilityOf('/admin/units'), page: 'units' },
  { path: '/admin/users', capability: capabilityOf('/admin/users'), page: 'users' },
  { path: '/admin/categories', capability: capabilityOf('/admin/categories'), page: 'categories' },
  { path: '/admin/rules', capability: capabilityOf('/admin/rules'), page: 'rules' },
  { path: '/admin/api-keys', capability: capabilityOf('/admin/api-keys'), page: 'apiKeys' },
  {
    path: '/integrations',
    capability: capabilityOf('/integrations'),
    page: 'integrations',
  },
  { path: '/ranking', capability: capabilityOf('/ranking'), page: 'ranking' },
  { path: '/knowledge', capability: capabilityOf('/knowledge'), page: 'knowledge' },
  // Reached from the knowledge base (no menu entry of its own).
  { path: '/templates', capability: 'templates.manage', page: 'templates' },
  { path: '/coordination', capability: capabilityOf('/coordination'), page: 'coordination' },
  { path: '/accountability', capability: capabilityOf('/accountability'), page: 'accountability' },
  { path: '/accountability/:id', capability: capabilityOf('/accountability'), page: 'accountability' },
  { path: '/sms', capability: capabilityOf('/sms'), page: 'sms' },
];

/** The route of a path and its parameters, or null (no such page). */
export function routeOf(path: string): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

// A route's props are checked where the route is declared; the shell renders any page the same way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const pageComponent = (name: PageName): ComponentType<any> => PAGES[name].Component;
export const preloadPage = (name: PageName) => PAGES[name].preload();

/** The shell and the page `user` will see at `path` ('/' or '/login': their landing page). */
export function preloadFor(user: MeView, path: string): Promise<void> {
  const target = path === '/' || path === '/login' ? homePath(user) : path;
  const found = routeOf(target);
  const page = found && mayOpen(user, found.route.capability) ? PAGES[found.route.page].preload() : undefined;
  return Promise.all([SHELL.preload(), page]).then(
    () => undefined,
    () => undefined, // a failed chunk shows its error where it renders
  );
}
