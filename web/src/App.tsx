/**
 * The application: language and antd locale, the session (who is logged in), and the route on screen.
 */
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, onUnauthenticated, reference, setToken, type UserView } from './api';
import { ErrorBoundary } from './components/ErrorBoundary';
import { LoadingView } from './components/Loading';
import { I18nContext, initialLang, saveLang, translator, type I18n, type Lang } from './i18n';
import { homePath } from './nav';
import { navigate, Redirect, useLocation } from './router';
import { SessionContext, type Session } from './session';
import { setDayjsLang } from './time';

// The login form and the shell are separate chunks: the first paint needs neither the menu nor the pages.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const AppShell = lazy(() => import('./components/AppShell'));

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const i18n = useMemo<I18n>(() => {
    setDayjsLang(lang);
    return {
      lang,
      t: translator(lang),
      setLang: (next) => {
        saveLang(next);
        setLangState(next);
      },
    };
  }, [lang]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { borderRadius: 6 } }}>
      <I18nContext.Provider value={i18n}>
        <Root />
      </I18nContext.Provider>
    </ConfigProvider>
  );
}

type Boot = { state: 'checking' } | { state: 'out'; expired?: boolean } | { state: 'in'; user: UserView };

function Root() {
  const [boot, setBoot] = useState<Boot>({ state: 'checking' });
  const { path, query } = useLocation();

  // A reload keeps the session: the token in sessionStorage, or the httpOnly cookie.
  useEffect(() => {
    api.me().then(
      (user) => setBoot({ state: 'in', user }),
      () => setBoot({ state: 'out' }),
    );
  }, []);

  useEffect(() => {
    onUnauthenticated(() => {
      setToken(null);
      reference.clear();
      setBoot((b) => (b.state === 'in' ? { state: 'out', expired: true } : b));
    });
    return () => onUnauthenticated(null);
  }, []);

  const logout = useCallback(() => {
    const done = () => {
      setToken(null);
      reference.clear();
      setBoot({ state: 'out' });
      navigate('/login');
    };
    api.logout().then(done, done);
  }, []);

  const session = useMemo<Session | null>(
    () => (boot.state === 'in' ? { user: boot.user, logout } : null),
    [boot, logout],
  );

  if (boot.state === 'checking') return <LoadingView />;

  if (!session) {
    const next =
      path !== '/login' && path !== '/' ? path + (query.size ? `?${query}` : '') : (query.get('next') ?? '');
    return (
      <ErrorBoundary>
        <Suspense fallback={<LoadingView />}>
          <LoginPage
            expired={boot.state === 'out' && boot.expired}
            onLogin={(user: UserView) => {
              setBoot({ state: 'in', user });
              navigate(next.startsWith('/') && !next.startsWith('//') ? next : homePath(user), {
                replace: true,
              });
            }}
          />
        </Suspense>
      </ErrorBoundary>
    );
  }

  if (path === '/' || path === '/login') return <Redirect to={homePath(session.user)} />;

  return (
    <SessionContext.Provider value={session}>
      <ErrorBoundary>
        <Suspense fallback={<LoadingView />}>
          <AppShell path={path} />
        </Suspense>
      </ErrorBoundary>
    </SessionContext.Provider>
  );
}
