/**
 * antd's configuration (locale, theme) for the screens built with antd: the shell and the citizens' page.
 * Kept out of App.tsx so the first chunk — the login form, plain markup — does not carry antd's core.
 * On a phone every control is at least 44 px high (touch targets), small ones included.
 */
import { ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { TOUCH_PX, useNarrow } from './narrow';

const WIDE: ThemeConfig = { token: { borderRadius: 6 } };
const NARROW: ThemeConfig = {
  token: { borderRadius: 6, controlHeight: TOUCH_PX, controlHeightSM: TOUCH_PX, controlHeightLG: 48 },
  components: {
    Menu: { itemHeight: 48 },
    Pagination: { itemSize: TOUCH_PX, itemSizeSM: TOUCH_PX },
  },
};

export function AntdRoot({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const narrow = useNarrow();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={narrow ? NARROW : WIDE}>
      {children}
    </ConfigProvider>
  );
}
