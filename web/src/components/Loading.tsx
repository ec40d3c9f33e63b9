/** The loading state, kept apart from the other state views so the first chunk stays small. */
import { Spin } from 'antd';
import { useI18n } from '../i18n';

export function LoadingView({ tip }: { tip?: string }) {
  const { t } = useI18n();
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin size="large" />
      <div style={{ marginTop: 12, color: '#888' }}>{tip ?? t('app.loading')}</div>
    </div>
  );
}
