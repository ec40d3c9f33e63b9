/** Login: username and password; the server's message is shown as it is (locked, wrong password …). */
import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { api, setToken, type UserView } from '../api';
import { errorText } from '../components/StateViews';
import { useI18n } from '../i18n';

export default function LoginPage({
  onLogin,
  expired,
}: {
  onLogin(user: UserView): void;
  expired?: boolean;
}) {
  const { t, lang, setLang } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const { token, user } = await api.login(values.username.trim(), values.password);
      setToken(token);
      onLogin(user);
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #0b3a6e 0%, #1d5fa8 55%, #e8eef6 55%)',
        padding: 16,
      }}
    >
      <Card style={{ width: 380, boxShadow: '0 8px 24px rgba(0,0,0,0.15)' }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button
            size="small"
            type="text"
            icon={<TranslationOutlined />}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('app.lang')}
          </Button>
        </div>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0, marginBottom: 4 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('app.fullName')}
          <br />
          <small>{t('login.subtitle')}</small>
        </Typography.Paragraph>
        {expired && !error && (
          <Alert type="warning" showIcon title={t('app.sessionExpired')} style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          onFinish={(v: { username: string; password: string }) => void submit(v)}
          requiredMark={false}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.required.username') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              maxLength={LIMITS.usernameMax}
              size="large"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.required.password') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              maxLength={LIMITS.passwordMax}
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
