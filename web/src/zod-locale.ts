/** zod's own messages (for checks without a custom message) in the UI language; custom ones are Chinese. */
import { z } from 'zod';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import type { Lang } from './i18n';

export function setZodLocale(lang: Lang): void {
  z.config(lang === 'zh' ? zhCN() : en());
}
