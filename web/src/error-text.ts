/** The user-facing text of any failure: the server's message, or ours for network errors. No antd here. */
import { ApiError } from './api';
import type { Translate } from './i18n';

export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('error.network');
    if (error.code === 'TIMEOUT') return t('error.timeout');
    return error.message || t('error.server', { status: error.status });
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
