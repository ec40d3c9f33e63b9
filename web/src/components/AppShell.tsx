/** The logged-in frame: side menu by role, user and language in the header, the page in the middle. */
import {
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, Drawer, Layout, Menu, Result, Space, Tag, Tooltip, Typography } from 'antd';
import { createElement, lazy, Suspense, useState } from 'react';
import { useI18n } from '../i18n';
import { navigate, Link } from '../router';
import { homePath, may, mayOpen, menuFor } from '../nav';
import { CallPop } from '../cti/CallPop';
import { MENU_ICONS } from '../routes';
import { pageComponent, routeOf } from '../screens';
import { useSession } from '../session';
import { AntdRoot } from './AntdRoot';
import { ErrorBoundary } from './ErrorBoundary';
import { LoadingView } from './Loading';
import { NotificationBell } from './NotificationBell';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../query';
import { useNarrow } from './narrow';
import { OutboxBanner } from './OutboxBanner';
import { useFieldT } from './field-i18n';

const { Header, Sider, Content } = Layout;

// Rarely needed: its own chunk.
const account = () => import('./PasswordChange');
const PasswordChangeDialog = lazy(account);
const PasswordChangeRequired = lazy(() => account().then((m) => ({ default: m.PasswordChangeRequired })));

export default function AppShell({ path }: { path: string }) {
  const { t, lang, setLang } = useI18n();
  const { user, logout, passwordChanged } = useSession();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  // Below tablet width the menu is a drawer and the header keeps only what fits a phone (narrow.ts).
  const narrow = useNarrow();
  const [drawer, setDrawer] = useState(false);
  const ft = useFieldT();
  const menuItems = menuFor(user).map((m) => ({ key: m.path, icon: MENU_ICONS[m.icon], label: t(m.label) }));
  // The menu entry whose path is the longest prefix of the current path stays highlighted on detail pages.
  const selected =
    menuItems
      .map((m) => m.key)
      .filter((k) => path === k || path.startsWith(`${k}/`))
      .sort((a, b) => b.length - a.length)[0] ?? '';

  const found = routeOf(path);
  let page = null;
  // An admin-set password is changed before any page opens.
  if (user.passwordChangeRequired) page = <PasswordChangeRequired onDone={passwordChanged} />;
  else if (found && mayOpen(user, found.route.capability)) {
    // The screens are module-level components looked up by name (screens.tsx), not created here.
    page = createElement(pageComponent(found.route.page), {
      key: found.route.path,
      ...found.route.props,
      params: found.params,
    });
  }
  const known = found !== null;

  return (
    <QueryClientProvider client={queryClient}>
      <AntdRoot>
        <AntApp>
          <Layout style={{ minHeight: '100vh' }}>
            {narrow ? (
              <Drawer
                open={drawer}
                onClose={() => setDrawer(false)}
                placement="left"
                size={280}
                title={t('app.name')}
                styles={{ body: { padding: 0 } }}
              >
                <div style={{ padding: '12px 16px', borderBottom: '1px solid #f0f0f0' }}>
                  <div>
                    <UserOutlined /> {user.displayName}
                  </div>
                  <div style={{ marginTop: 4 }}>
                    {user.roles.map((r) => (
                      <Tag key={r} color="blue">
                        {t(`role.${r}`)}
                      </Tag>
                    ))}
                  </div>
                </div>
                <Menu
                  mode="inline"
                  selectedKeys={[selected]}
                  items={menuItems}
                  onClick={(e) => {
                    setDrawer(false);
                    navigate(e.key);
                  }}
                />
                <Space orientation="vertical" style={{ width: '100%', padding: 16 }}>
                  <Button
                    block
                    icon={<TranslationOutlined />}
                    onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
                  >
                    {t('app.lang')}
                  </Button>
                  <Button
                    block
                    icon={<KeyOutlined />}
                    onClick={() => {
                      setDrawer(false);
                      setChangingPassword(true);
                    }}
                  >
                    {t('app.changePassword')}
                  </Button>
                </Space>
              </Drawer>
            ) : (
              <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} theme="dark">
                <Link
                  to={homePath(user)}
                  style={{
                    display: 'block',
                    height: 56,
                    lineHeight: '56px',
                    color: '#fff',
                    textAlign: 'center',
                    fontSize: 18,
                  }}
                >
                  <span style={{ fontWeight: 600 }}>
                    {collapsed ? t('app.name').slice(0, 2) : t('app.name')}
                  </span>
                </Link>
                <Menu
                  theme="dark"
                  mode="inline"
                  selectedKeys={[selected]}
                  items={menuItems}
                  onClick={(e) => navigate(e.key)}
                />
              </Sider>
            )}
            <Layout style={{ minWidth: 0 }}>
              {narrow ? (
                <Header
                  style={{
                    background: '#fff',
                    borderBottom: '1px solid #f0f0f0',
                    padding: '0 4px',
                    display: 'flex',
                    alignItems: 'center',
                    gap: 4,
                    position: 'sticky',
                    top: 0,
                    zIndex: 10,
                  }}
                >
                  <Button
                    type="text"
                    icon={<MenuOutlined style={{ fontSize: 20 }} />}
                    aria-label={ft('m.menu')}
                    onClick={() => setDrawer(true)}
                    style={{ width: 48, height: 48 }}
                  />
                  <Link
                    to={homePath(user)}
                    style={{ color: '#c41d1d', fontWeight: 600, fontSize: 17, flex: 1, minWidth: 0 }}
                  >
                    {t('app.name')}
                  </Link>
                  <span style={{ display: 'inline-flex', alignItems: 'center', minWidth: 48 }}>
                    <NotificationBell />
                  </span>
                  <Button
                    type="text"
                    icon={<LogoutOutlined style={{ fontSize: 18 }} />}
                    aria-label={t('app.logout')}
                    onClick={logout}
                    style={{ width: 48, height: 48 }}
                  />
                </Header>
              ) : (
                <Header
                  style={{
                    background: '#fff',
                    padding: '0 24px',
                    display: 'flex',
                    alignItems: 'center',
                    justifyContent: 'space-between',
                    borderBottom: '1px solid #f0f0f0',
                  }}
                >
                  <Typography.Text type="secondary" ellipsis>
                    {t('app.fullName')}
                  </Typography.Text>
                  <Space size="middle">
                    <NotificationBell />
                    <span>
                      <UserOutlined /> {user.displayName}
                    </span>
                    <span>
                      {user.roles.map((r) => (
                        <Tag key={r} color="blue">
                          {t(`role.${r}`)}
                        </Tag>
                      ))}
                    </span>
                    <Tooltip title={lang === 'zh' ? 'Switch to English' : '切换到中文'}>
                      <Button
                        icon={<TranslationOutlined />}
                        onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
                      >
                        {t('app.lang')}
                      </Button>
                    </Tooltip>
                    <Tooltip title={t('app.changePassword')}>
                      <Button
                        icon={<KeyOutlined />}
                        aria-label={t('app.changePassword')}
                        onClick={() => setChangingPassword(true)}
                      />
                    </Tooltip>
                    <Button icon={<LogoutOutlined />} onClick={logout}>
                      {t('app.logout')}
                    </Button>
                  </Space>
                </Header>
              )}
              <Content style={{ padding: narrow ? 8 : 24, minWidth: 0 }}>
                <OutboxBanner userId={user.id} />
                {may(user, 'ticket.register') && <CallPop />}
                <ErrorBoundary resetKey={path}>
                  <Suspense fallback={<LoadingView />}>
                    {page ?? (
                      <Result
                        status={known ? '403' : '404'}
                        title={known ? t('app.forbidden') : t('app.notFound')}
                        extra={
                          <Button type="primary" onClick={() => navigate(homePath(user))}>
                            {t('app.backHome')}
                          </Button>
                        }
                      />
                    )}
                  </Suspense>
                </ErrorBoundary>
                {changingPassword && (
                  <Suspense fallback={null}>
                    <PasswordChangeDialog open onClose={() => setChangingPassword(false)} />
                  </Suspense>
                )}
              </Content>
            </Layout>
          </Layout>
        </AntApp>
      </AntdRoot>
    </QueryClientProvider>
  );
}
