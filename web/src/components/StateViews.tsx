/** Designed loading, error and empty states, so no screen is ever blank. */
import { Button, Empty, Result } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api';
import { errorText } from '../error-text';
import { useI18n } from '../i18n';

export { errorText };
export { LoadingView } from './Loading';

export function ErrorView({
  error,
  onRetry,
  extra,
}: {
  error: unknown;
  onRetry?: () => void;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const status = error instanceof ApiError ? error.status : 0;
  const resultStatus = status === 404 ? '404' : status === 403 ? '403' : status >= 500 ? '500' : 'error';
  return (
    <Result
      status={resultStatus}
      title={status === 404 ? t('ticket.notFound') : t('app.loadFailed')}
      subTitle={status === 404 ? undefined : errorText(error, t)}
      extra={
        <>
          {onRetry && status !== 404 && (
            <Button type="primary" onClick={onRetry}>
              {t('app.retry')}
            </Button>
          )}
          {extra}
        </>
      }
    />
  );
}

export function EmptyView({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ padding: 32 }} />;
}
