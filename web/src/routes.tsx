/** The menu icons (the route table is in screens.tsx). Only the shell imports this file. */
import {
  AlertOutlined,
  ApartmentOutlined,
  BranchesOutlined,
  TagsOutlined,
  TeamOutlined,
  AuditOutlined,
  ClusterOutlined,
  FileProtectOutlined,
  TrophyOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FormOutlined,
  InboxOutlined,
  PhoneOutlined,
  RollbackOutlined,
  SearchOutlined,
  SendOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MenuIcon } from './nav';

export const MENU_ICONS: Record<MenuIcon, ReactNode> = {
  register: <FormOutlined />,
  dispatch: <SendOutlined />,
  returns: <RollbackOutlined />,
  inbox: <InboxOutlined />,
  revisit: <PhoneOutlined />,
  supervision: <AlertOutlined />,
  overview: <BarChartOutlined />,
  search: <SearchOutlined />,
  calendar: <CalendarOutlined />,
  policy: <SettingOutlined />,
  audit: <AuditOutlined />,
  units: <ApartmentOutlined />,
  users: <TeamOutlined />,
  categories: <TagsOutlined />,
  rules: <BranchesOutlined />,
  accountability: <FileProtectOutlined />,
  coordination: <ClusterOutlined />,
  ranking: <TrophyOutlined />,
};
