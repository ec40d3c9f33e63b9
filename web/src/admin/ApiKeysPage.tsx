/**
 * 对接方 API 密钥: the administrator issues keys to partners (Open311 clients, the phone system), each scoped to one
 * intake channel (R2.1) and to operations, rate-limited; rotates and revokes them. The key is shown once.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  API_KEY_OPERATIONS,
  API_KEY_OPERATION_ZH,
  type ApiKeyOperation,
} from '../../../shared/schemas/api-keys.js';
import { api, type ApiKeyIssued, type ApiKeyView } from '../api';
import { FormModal } from '../components/FormModal';
import { PageHeading } from '../components/PageParts';
import { ErrorView, errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { formatTime } from '../time';
import { useCtiT } from '../cti/cti-i18n';

interface IssueValues {
  name?: string;
  channel?: string;
  operations?: ApiKeyOperation[];
  ratePerMinute?: number;
}

export default function ApiKeysPage() {
  const { t, lang } = useI18n();
  const ct = useCtiT();
  const { message } = App.useApp();
  const client = useQueryClient();
  const ref = useReference();
  const keys = useQuery({ queryKey: ['admin', 'api-keys'], queryFn: () => api.apiKeys() });
  const [issuing, setIssuing] = useState(false);
  const [secret, setSecret] = useState<ApiKeyIssued | null>(null);
  const [form] = Form.useForm<IssueValues>();
  const reload = () => void client.invalidateQueries({ queryKey: ['admin', 'api-keys'] });
  const channels = ref.data?.channels ?? [];
  const channelName = (code: string) => {
    const c = channels.find((x) => x.code === code);
    return c ? (lang === 'en' && c.nameEn ? c.nameEn : c.nameZh) : code;
  };

  const act = async (run: () => Promise<ApiKeyIssued | ApiKeyView>) => {
    try {
      const out = await run();
      if ('secret' in out) setSecret(out);
      reload();
    } catch (e) {
      void message.error(errorText(e, t));
    }
  };

  const columns: ColumnsType<ApiKeyView> = [
    { title: ct('keys.name'), dataIndex: 'name' },
    {
      title: ct('keys.prefix'),
      dataIndex: 'prefix',
      render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
    },
    { title: ct('keys.channel'), dataIndex: 'channel', render: channelName },
    {
      title: ct('keys.operations'),
      dataIndex: 'operations',
      render: (ops: ApiKeyOperation[]) => ops.map((o) => <Tag key={o}>{o}</Tag>),
    },
    { title: ct('keys.rate'), dataIndex: 'ratePerMinute' },
    { title: ct('keys.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    { title: ct('keys.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => formatTime(v) },
    {
      title: ct('keys.status'),
      key: 'status',
      render: (_: unknown, k) =>
        k.revokedAt ? (
          <Tag color="red">{ct('keys.revoked')}</Tag>
        ) : (
          <Tag color="green">{ct('keys.active')}</Tag>
        ),
    },
    {
      key: 'actions',
      render: (_: unknown, k) =>
        k.revokedAt ? null : (
          <Space>
            <Popconfirm title={ct('keys.confirmRotate')} onConfirm={() => act(() => api.rotateApiKey(k.id))}>
              <Button size="small">{ct('keys.rotate')}</Button>
            </Popconfirm>
            <Popconfirm title={ct('keys.confirmRevoke')} onConfirm={() => act(() => api.revokeApiKey(k.id))}>
              <Button size="small" danger>
                {ct('keys.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={<PageHeading title={ct('keys.title')} hint={ct('keys.hint')} />}
      extra={
        <Button type="primary" onClick={() => setIssuing(true)}>
          {ct('keys.issue')}
        </Button>
      }
    >
      {keys.error && !keys.data ? (
        <ErrorView error={keys.error} onRetry={reload} />
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table
            rowKey="id"
            size="small"
            loading={keys.isLoading}
            dataSource={keys.data ?? []}
            columns={columns}
            pagination={false}
            locale={{ emptyText: ct('keys.empty') }}
          />
        </div>
      )}
      {issuing && (
        <FormModal<IssueValues>
          title={ct('keys.issue')}
          form={form}
          initialValues={{ operations: ['open311.read', 'open311.write'], ratePerMinute: 120 }}
          okText={ct('keys.issue')}
          testId="api-key-form"
          onClose={() => setIssuing(false)}
          onSubmit={async () => {
            const v = form.getFieldsValue(true);
            const issued = await api.issueApiKey({
              name: v.name ?? '',
              channel: v.channel ?? '',
              operations: v.operations ?? [],
              ratePerMinute: v.ratePerMinute ?? 120,
            });
            setIssuing(false);
            setSecret(issued);
            reload();
          }}
        >
          <Form.Item name="name" label={ct('keys.name')} required>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="channel" label={ct('keys.channel')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={channels.map((c) => ({ value: c.code, label: channelName(c.code) }))}
            />
          </Form.Item>
          <Form.Item name="operations" label={ct('keys.operations')} required>
            <Select
              mode="multiple"
              options={API_KEY_OPERATIONS.map((o) => ({
                value: o,
                label: lang === 'en' ? o : `${o} — ${API_KEY_OPERATION_ZH[o]}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="ratePerMinute" label={ct('keys.rate')} required>
            <InputNumber min={1} max={10000} style={{ width: 160 }} />
          </Form.Item>
        </FormModal>
      )}
      <Modal
        open={secret !== null}
        title={ct('keys.secretTitle')}
        closable={false}
        maskClosable={false}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {ct('keys.close')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={ct('keys.secretHint')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="api-key-secret" style={{ wordBreak: 'break-all' }}>
          {secret?.secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
