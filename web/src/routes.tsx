/**
 * Pages by path (code-split with React.lazy) and the menu icons. Only the shell imports this file.
 */
import {
  AlertOutlined,
  BarChartOutlined,
  FormOutlined,
  InboxOutlined,
  PhoneOutlined,
  RollbackOutlined,
  SearchOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ROLES, type Role } from '../../shared/enums.js';
import { MENU, type MenuIcon } from './nav';
import type { Preset } from './pages/list-presets';

const RegisterPage = lazy(() => import('./pages/RegisterPage'));
const TicketListPage = lazy(() => import('./pages/TicketListPage'));
const TicketPage = lazy(() => import('./pages/TicketPage'));
const OverviewPage = lazy(() => import('./pages/OverviewPage'));

export interface RouteDef {
  path: string;
  roles: readonly Role[];
  // Each page takes its own props; the table below pairs them by construction.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  page: LazyExoticComponent<ComponentType<any>>;
  props?: Record<string, unknown>;
}

export const MENU_ICONS: Record<MenuIcon, ReactNode> = {
  register: <FormOutlined />,
  dispatch: <SendOutlined />,
  returns: <RollbackOutlined />,
  inbox: <InboxOutlined />,
  revisit: <PhoneOutlined />,
  supervision: <AlertOutlined />,
  overview: <BarChartOutlined />,
  search: <SearchOutlined />,
};

const list = (preset: Preset) => ({ page: TicketListPage, props: { preset } });
const rolesOf = (path: string): readonly Role[] => MENU.find((m) => m.path === path)?.roles ?? [];

export const ROUTES: RouteDef[] = [
  { path: '/register', roles: rolesOf('/register'), page: RegisterPage },
  { path: '/queue/dispatch', roles: rolesOf('/queue/dispatch'), ...list('dispatch') },
  { path: '/queue/returns', roles: rolesOf('/queue/returns'), ...list('returns') },
  { path: '/inbox', roles: rolesOf('/inbox'), ...list('inbox') },
  { path: '/revisit', roles: rolesOf('/revisit'), ...list('revisit') },
  { path: '/supervision', roles: rolesOf('/supervision'), ...list('supervision') },
  { path: '/overview', roles: rolesOf('/overview'), page: OverviewPage },
  { path: '/tickets', roles: ROLES, ...list('all') },
  { path: '/tickets/:id', roles: ROLES, page: TicketPage },
];
