/**
 * 文本模板 in an action dialog: pick a global or unit template; it is filled in from the ticket by
 * the server (counted as a use) and put into the form's text, where the user edits it before sending.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Space } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';

export function TemplatePicker({
  kind,
  ticketId,
  onFilled,
}: {
  kind: string;
  ticketId: string;
  onFilled(text: string): void;
}) {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: ['templates', kind],
    queryFn: () => api.templates(kind),
    staleTime: 60_000,
  });
  const [missing, setMissing] = useState<string[]>([]);
  if (!list.data || list.data.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
      <Select
        placeholder={t('template.pick')}
        style={{ width: '100%' }}
        data-testid="template-pick"
        options={list.data.map((x) => ({ value: x.id, label: x.title }))}
        onChange={(id: string) => {
          void api.fillTemplate(id, ticketId).then((r) => {
            setMissing(r.missing);
            onFilled(r.text);
          });
        }}
      />
      {missing.length > 0 && (
        <Alert type="warning" showIcon title={t('template.missing', { names: missing.join('、') })} />
      )}
    </Space>
  );
}
