/**
 * antd's configuration (locale, theme) for the screens built with antd: the shell and the citizens' page.
 * Kept out of App.tsx so the first chunk — the login form, plain markup — does not carry antd's core.
 */
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

export function AntdRoot({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { borderRadius: 6 } }}>
      {children}
    </ConfigProvider>
  );
}
