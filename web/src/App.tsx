/**
 * The application: language and antd locale, the session (who is logged in), and the route on screen.
 */
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, hasToken, onUnauthenticated, setToken, type MeView } from './api';
import { ErrorBoundary } from './components/ErrorBoundary';
import { I18nContext, initialLang, saveLang, translator, useI18n, type I18n, type Lang } from './i18n';
import { homePath } from './nav';
import { LOGIN, preloadFor, PUBLIC, SHELL } from './screens';
import { navigate, Redirect, useLocation } from './router';
import { SessionContext, type Session } from './session';
import { setDayjsLang } from './time';
import { forgetDevice } from './pwa';

/** The data layer is not in the first chunk: reached on demand (its cache is empty before the shell loads). */
const clearCache = () => void import('./query').then((q) => q.clearCache());

// The login form, the shell and the citizens' page are separate chunks (screens.tsx), preloaded before shown.
const LoginPage = LOGIN.Component;
const AppShell = SHELL.Component;
const PublicPage = PUBLIC.Component;

const isPublicPath = (path: string): boolean => path === '/public' || path.startsWith('/public/');

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
    // antd's ConfigProvider (locale, theme) wraps the shell and the citizens' page (components/AntdRoot.tsx):
    // the login form is plain markup and its chunk carries no antd.
    <I18nContext.Provider value={i18n}>
      <Root />
    </I18nContext.Provider>
  );
}

/**
 * The boot state in plain markup (index.html's own .boot style), not antd's Spin: nothing on the way to the
 * first screen should pay for a component's styles it does not show.
 */
function BootView() {
  const { t } = useI18n();
  return <div className="boot">{t('app.loading')}</div>;
}

type Boot = { state: 'checking' } | { state: 'out'; expired?: boolean } | { state: 'in'; user: MeView };

function Root() {
  const { path } = useLocation();
  if (isPublicPath(path)) return <PublicRoot path={path} />;
  return <Workbench />;
}

/** The citizens' page: its code first (no session needed), then the page. */
function PublicRoot({ path }: { path: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void PUBLIC.preload()
      .catch(() => {}) // the page's error boundary reports a chunk that cannot load
      .then(() => setReady(true));
  }, []);
  if (!ready) return <BootView />;
  return (
    <ErrorBoundary>
      <Suspense fallback={<BootView />}>
        <PublicPage path={path} />
      </Suspense>
    </ErrorBoundary>
  );
}

/** Staff: the session, then the login form or the shell. */
function Workbench() {
  const [boot, setBoot] = useState<Boot>({ state: 'checking' });
  const { path, query } = useLocation();

  // A reload keeps the session: the token in sessionStorage, or the httpOnly cookie.
  useEffect(() => {
    // While /me answers, fetch the code of the likely next screen; show it once its code is there.
    const start = window.location.pathname;
    if (!hasToken()) void LOGIN.preload().catch(() => {});
    api.me().then(
      (user) => void preloadFor(user, start).then(() => setBoot({ state: 'in', user })),
      () =>
        void LOGIN.preload()
          .catch(() => {})
          .then(() => setBoot({ state: 'out' })),
    );
  }, []);

  useEffect(() => {
    onUnauthenticated(() => {
      setToken(null);
      clearCache();
      setBoot((b) => (b.state === 'in' ? { state: 'out', expired: true } : b));
    });
    return () => onUnauthenticated(null);
  }, []);

  const logout = useCallback(() => {
    const done = () => {
      setToken(null);
      clearCache();
      forgetDevice();
      setBoot({ state: 'out' });
      navigate('/login');
    };
    // The login form's code comes with the answer (a session started by a reload never loaded it).
    void Promise.allSettled([api.logout(), LOGIN.preload()]).then(done);
  }, []);

  // Notices are worded in the reader's language: the bell's are read again in it, and the SMS copies the user
  // will receive are written in it (told to the server at sign-in and at each switch).
  const { lang } = useI18n();
  const signedIn = boot.state === 'in' && !boot.user.passwordChangeRequired ? boot.user.id : null;
  useEffect(() => {
    if (!signedIn) return;
    api.noticeLanguage(lang).catch(() => {});
    void import('./query').then((q) => q.queryClient.invalidateQueries({ queryKey: ['notifications'] }));
  }, [lang, signedIn]);

  const session = useMemo<Session | null>(
    () =>
      boot.state === 'in'
        ? {
            user: boot.user,
            logout,
            passwordChanged: () =>
              setBoot((b) =>
                b.state === 'in' ? { ...b, user: { ...b.user, passwordChangeRequired: false } } : b,
              ),
          }
        : null,
    [boot, logout],
  );

  if (boot.state === 'checking') return <BootView />;

  if (!session) {
    const next =
      path !== '/login' && path !== '/' ? path + (query.size ? `?${query}` : '') : (query.get('next') ?? '');
    return (
      <ErrorBoundary>
        <Suspense fallback={<BootView />}>
          <LoginPage
            expired={boot.state === 'out' && boot.expired}
            onLogin={(user: MeView) => {
              void import('./query').then((q) => q.warmUp(user));
              const target = next.startsWith('/') && !next.startsWith('//') ? next : homePath(user);
              // The login button keeps spinning until the shell and the page can show at once.
              void preloadFor(user, target).then(() => {
                setBoot({ state: 'in', user });
                navigate(target, { replace: true });
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
        <Suspense fallback={<BootView />}>
          <AppShell path={path} />
        </Suspense>
      </ErrorBoundary>
    </SessionContext.Provider>
  );
}
