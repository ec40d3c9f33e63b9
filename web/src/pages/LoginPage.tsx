/**
 * Login: username and password; the server's message is shown as it is (locked, wrong password …).
 *
 * The first screen anyone sees, so it is plain markup styled by index.html (`.login-*`, drawn to look like
 * antd's inputs and buttons) with antd's icons only: no antd component means no style generation and no
 * form engine on the way to the first screen (see "Small first load" in web/README.md).
 */
import {
  EyeInvisibleOutlined,
  EyeOutlined,
  LoadingOutlined,
  LockOutlined,
  MessageOutlined,
  TranslationOutlined,
  UserOutlined,
  WarningFilled,
  CloseCircleFilled,
} from '@ant-design/icons';
import { useEffect, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { api, setToken, type MeView } from '../api';
import { errorText } from '../error-text';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { preloadPage, SHELL } from '../screens';

export default function LoginPage({ onLogin, expired }: { onLogin(user: MeView): void; expired?: boolean }) {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // While the user types, fetch the shell and the list page (most roles land on a list) in the background.
  useEffect(() => {
    const prefetch = () => {
      SHELL.preload().catch(() => {});
      preloadPage('list').catch(() => {});
    };
    if ('requestIdleCallback' in window) window.requestIdleCallback(prefetch);
    else setTimeout(prefetch, 200);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const name = username.trim();
    const lacking = { username: !name, password: !password };
    setMissing(lacking);
    if (lacking.username || lacking.password) return;
    setBusy(true);
    setError(null);
    try {
      const { token, user } = await api.login(name, password);
      setToken(token);
      onLogin(user);
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <main className="login-card">
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <button
            type="button"
            className="login-link-button"
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            <TranslationOutlined /> {t('app.lang')}
          </button>
        </div>
        <h1 className="login-title">{t('app.name')}</h1>
        <p className="login-subtitle">
          {t('app.fullName')}
          <br />
          <small>{t('login.subtitle')}</small>
        </p>
        {expired && !error && (
          <div className="login-alert warning" role="status">
            <WarningFilled style={{ color: '#faad14' }} /> {t('app.sessionExpired')}
          </div>
        )}
        {error && (
          <div className="login-alert error" role="alert">
            <CloseCircleFilled style={{ color: '#ff4d4f' }} /> {error}
          </div>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor="username" className="login-label">
            {t('login.username')}
          </label>
          <div className={`login-field${missing.username ? ' error' : ''}`}>
            <UserOutlined />
            <input
              id="username"
              autoComplete="username"
              autoFocus
              maxLength={LIMITS.usernameMax}
              value={username}
              aria-invalid={missing.username || undefined}
              onChange={(e) => {
                setUsername(e.target.value);
                setMissing((m) => ({ ...m, username: false }));
              }}
            />
          </div>
          <div className="login-field-error">{missing.username ? t('login.required.username') : ''}</div>
          <label htmlFor="password" className="login-label">
            {t('login.password')}
          </label>
          <div className={`login-field${missing.password ? ' error' : ''}`}>
            <LockOutlined />
            <input
              id="password"
              type={showPassword ? 'text' : 'password'}
              autoComplete="current-password"
              maxLength={LIMITS.passwordMax}
              value={password}
              aria-invalid={missing.password || undefined}
              onChange={(e) => {
                setPassword(e.target.value);
                setMissing((m) => ({ ...m, password: false }));
              }}
            />
            <button
              type="button"
              className="login-eye"
              title={t(showPassword ? 'login.hidePassword' : 'login.showPassword')}
              onClick={() => setShowPassword((s) => !s)}
            >
              {showPassword ? <EyeOutlined /> : <EyeInvisibleOutlined />}
            </button>
          </div>
          <div className="login-field-error">{missing.password ? t('login.required.password') : ''}</div>
          <button type="submit" className="login-submit" disabled={busy}>
            {busy && <LoadingOutlined />} {t('login.submit')}
          </button>
        </form>
        <div style={{ textAlign: 'center', marginTop: 20 }}>
          <Link to="/public" style={{ color: '#1677ff', textDecoration: 'none' }}>
            <MessageOutlined /> {t('login.publicLink')}
          </Link>
        </div>
      </main>
    </div>
  );
}
