/**
 * 对接与投递: partner connectors of the R2.1 upstream channels and webhook subscriptions (the administrator's,
 * `integrations.manage`), and the outbox's deliveries with their attempt log and the dead letters to replay (the
 * office's and the administrator's, `integrations.deliveries`). docs/integrations-outbound.md.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import { TICKET_EVENT_TYPES } from '../../../shared/events.js';
import {
  REPORT_EVENTS,
  type ConnectorView,
  type DeliveryView,
  type SubscriptionView,
  type attemptView,
  type deliveryListView,
} from '../../../shared/schemas/integrations.js';
import { request } from '../api';
import { RefreshButton } from '../components/PagedTable';
import { FilterSegmented, PageHeading } from '../components/PageParts';
import { FormModal } from '../components/FormModal';
import { EmptyView, ErrorView, LoadingView } from '../components/StateViews';
import { may } from '../nav';
import { queries } from '../query';
import { useSession } from '../session';
import { formatTime } from '../time';
import { Link } from '../router';
import { useIntegrationsT } from './integrations-i18n';

type DeliveryList = z.infer<typeof deliveryListView>;
type Attempt = z.infer<typeof attemptView>;
const STATUSES = ['all', 'pending', 'sending', 'delivered', 'dead'] as const;
type StatusFilter = (typeof STATUSES)[number];

const enc = encodeURIComponent;
const apiOf = {
  connectors: () => request<ConnectorView[]>('GET', '/api/v1/integrations/connectors'),
  saveConnector: (body: unknown, id?: string) =>
    id
      ? request<ConnectorView>('PUT', `/api/v1/integrations/connectors/${enc(id)}`, body)
      : request<ConnectorView>('POST', '/api/v1/integrations/connectors', body),
  rotate: (id: string) =>
    request<ConnectorView>('POST', `/api/v1/integrations/connectors/${enc(id)}/rotate-secret`, {}),
  webhooks: () => request<SubscriptionView[]>('GET', '/api/v1/integrations/webhooks'),
  saveWebhook: (body: unknown, id?: string) =>
    id
      ? request<SubscriptionView>('PUT', `/api/v1/integrations/webhooks/${enc(id)}`, body)
      : request<SubscriptionView>('POST', '/api/v1/integrations/webhooks', body),
  test: (kind: 'connectors' | 'webhooks', id: string) =>
    request<DeliveryView>('POST', `/api/v1/integrations/${kind}/${enc(id)}/test`, {}),
  deliveries: (status: StatusFilter, page: number) =>
    request<DeliveryList>('GET', '/api/v1/integrations/deliveries', undefined, {
      status: status === 'all' ? undefined : status,
      page,
      pageSize: 20,
    }),
  delivery: (id: string) =>
    request<DeliveryView & { log: Attempt[] }>('GET', `/api/v1/integrations/deliveries/${enc(id)}`),
  replay: (id: string) =>
    request<DeliveryView>('POST', `/api/v1/integrations/deliveries/${enc(id)}/replay`, {}),
};

export default function IntegrationsPage() {
  const t = useIntegrationsT();
  const { user } = useSession();
  const manage = may(user, 'integrations.manage');
  const items = [
    ...(manage
      ? [
          { key: 'connectors', label: t('int.tab.connectors'), children: <Connectors /> },
          { key: 'webhooks', label: t('int.tab.webhooks'), children: <Webhooks /> },
        ]
      : []),
    { key: 'deliveries', label: t('int.tab.deliveries'), children: <Deliveries /> },
  ];
  return (
    <Card title={<PageHeading title={t('int.title')} hint={t('int.hint')} />}>
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
}

/** The secret of a create or rotate answer, shown once. */
function showSecret(
  modal: ReturnType<typeof App.useApp>['modal'],
  title: string,
  secret: string | undefined,
) {
  if (!secret) return;
  modal.info({
    title,
    width: 560,
    content: (
      <Typography.Paragraph copyable code data-testid="secret-once">
        {secret}
      </Typography.Paragraph>
    ),
  });
}

const json = (v: Record<string, string>) => (Object.keys(v).length ? JSON.stringify(v, null, 2) : '');
const parseMapping = (s: string | undefined): Record<string, string> | null => {
  if (!s?.trim()) return {};
  try {
    const v = JSON.parse(s) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : null;
  } catch {
    return null;
  }
};

interface ConnectorForm {
  code: string;
  name: string;
  channel: string;
  enabled: boolean;
  endpointUrl?: string;
  secret?: string;
  reportEvents: string[];
  inbound?: string;
  outbound?: string;
  pollUrl?: string;
  pollIntervalSeconds: number;
}

function Connectors() {
  const t = useIntegrationsT();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const data = useQuery({ queryKey: ['integrations', 'connectors'], queryFn: apiOf.connectors });
  const channels = useQuery(queries.channels());
  const [editing, setEditing] = useState<ConnectorView | 'new' | null>(null);
  const [form] = Form.useForm<ConnectorForm>();
  const reload = () => qc.invalidateQueries({ queryKey: ['integrations'] });

  if (data.isFetching && !data.data) return <LoadingView />;
  if (!data.data) return <ErrorView error={data.error} onRetry={() => void data.refetch()} />;
  const current = editing === 'new' ? null : editing;
  const save = async () => {
    const v = await form.validateFields();
    const inbound = parseMapping(v.inbound);
    const outbound = parseMapping(v.outbound);
    if (!inbound || !outbound) {
      form.setFields([{ name: inbound ? 'outbound' : 'inbound', errors: [t('int.mapping.invalid')] }]);
      return;
    }
    const saved = await apiOf.saveConnector(
      {
        code: v.code,
        name: v.name,
        channel: v.channel,
        enabled: v.enabled,
        endpointUrl: v.endpointUrl?.trim() || null,
        ...(v.secret ? { secret: v.secret } : {}),
        reportEvents: v.reportEvents,
        fieldMapping: { inbound, outbound },
        pollUrl: v.pollUrl?.trim() || null,
        pollIntervalSeconds: v.pollIntervalSeconds,
      },
      current?.id,
    );
    setEditing(null);
    void reload();
    showSecret(modal, t('int.secret.once'), saved.secret);
  };
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="connector-new">
          {t('int.new')}
        </Button>
        <RefreshButton list={data} />
      </Space>
      <Table<ConnectorView>
        rowKey="id"
        size="small"
        dataSource={data.data}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <EmptyView text={t('int.empty')} /> }}
        columns={[
          { title: t('int.name'), dataIndex: 'name' },
          {
            title: t('int.channel'),
            dataIndex: 'channel',
            render: (c: string) => channels.data?.find((x) => x.code === c)?.nameZh ?? c,
          },
          { title: t('int.pushUrl'), dataIndex: 'inboundPath', render: (p: string) => <code>{p}</code> },
          {
            title: t('int.reportEvents'),
            dataIndex: 'reportEvents',
            render: (evs: string[]) =>
              evs.map((e) => <Tag key={e}>{t(`int.report.${e as (typeof REPORT_EVENTS)[number]}`)}</Tag>),
          },
          { title: t('int.cursor'), dataIndex: 'pollCursor', render: (c: string | null) => c ?? '—' },
          {
            title: t('int.enabled'),
            dataIndex: 'enabled',
            render: (e: boolean) => (e ? t('int.yes') : t('int.no')),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, c) => (
              <Space wrap>
                <Button size="small" onClick={() => setEditing(c)}>
                  {t('int.edit')}
                </Button>
                <Button
                  size="small"
                  onClick={() =>
                    void apiOf.test('connectors', c.id).then(() => {
                      void message.success(t('int.test.sent'));
                      void reload();
                    })
                  }
                >
                  {t('int.test')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('int.rotate'),
                      content: t('int.rotate.confirm'),
                      onOk: async () =>
                        showSecret(modal, t('int.secret.once'), (await apiOf.rotate(c.id)).secret),
                    })
                  }
                >
                  {t('int.rotate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <FormModal<ConnectorForm>
          title={current ? `${t('int.edit')}：${current.name}` : t('int.new')}
          form={form}
          okText={t('int.save')}
          width={640}
          testId="connector-form"
          onClose={() => setEditing(null)}
          onSubmit={save}
          initialValues={
            current
              ? {
                  ...current,
                  endpointUrl: current.endpointUrl ?? '',
                  pollUrl: current.pollUrl ?? '',
                  inbound: json(current.fieldMapping.inbound),
                  outbound: json(current.fieldMapping.outbound),
                }
              : { enabled: true, reportEvents: [...REPORT_EVENTS], pollIntervalSeconds: 300 }
          }
        >
          <Form.Item name="code" label={t('int.code')} rules={[{ required: true }]}>
            <Input placeholder="hotline-96118" />
          </Form.Item>
          <Form.Item name="name" label={t('int.name')} rules={[{ required: true }]}>
            <Input placeholder="省长热线96118" />
          </Form.Item>
          <Form.Item name="channel" label={t('int.channel')} rules={[{ required: true }]}>
            <Select options={(channels.data ?? []).map((c) => ({ value: c.code, label: c.nameZh }))} />
          </Form.Item>
          <Form.Item name="endpointUrl" label={t('int.endpoint')}>
            <Input placeholder="https://partner.example.gov.cn/jiesu/report" />
          </Form.Item>
          <Form.Item name="secret" label={t('int.secret')} extra={t('int.secret.hint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="reportEvents" label={t('int.reportEvents')}>
            <Checkbox.Group options={REPORT_EVENTS.map((e) => ({ value: e, label: t(`int.report.${e}`) }))} />
          </Form.Item>
          <Form.Item name="inbound" label={t('int.inbound')}>
            <Input.TextArea rows={3} placeholder='{"channelRef": "case.no", "complainant.phone": "mobile"}' />
          </Form.Item>
          <Form.Item name="outbound" label={t('int.outbound')}>
            <Input.TextArea rows={2} placeholder='{"channelRef": "caseNo"}' />
          </Form.Item>
          <Form.Item name="pollUrl" label={t('int.pollUrl')}>
            <Input />
          </Form.Item>
          <Form.Item name="pollIntervalSeconds" label={t('int.pollInterval')}>
            <InputNumber min={30} max={86400} />
          </Form.Item>
          <Form.Item name="enabled" label={t('int.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

interface WebhookForm {
  name: string;
  url: string;
  enabled: boolean;
  eventTypes: string[];
  districtCodes: string[];
  categoryCodes: string[];
  secret?: string;
}

function Webhooks() {
  const t = useIntegrationsT();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const data = useQuery({ queryKey: ['integrations', 'webhooks'], queryFn: apiOf.webhooks });
  const districts = useQuery(queries.districts());
  const [editing, setEditing] = useState<SubscriptionView | 'new' | null>(null);
  const [form] = Form.useForm<WebhookForm>();
  if (data.isFetching && !data.data) return <LoadingView />;
  if (!data.data) return <ErrorView error={data.error} onRetry={() => void data.refetch()} />;
  const current = editing === 'new' ? null : editing;
  const save = async () => {
    const v = await form.validateFields();
    const saved = await apiOf.saveWebhook(
      { ...v, ...(v.secret ? {} : { secret: undefined }), unitIds: current?.unitIds ?? [] },
      current?.id,
    );
    setEditing(null);
    void qc.invalidateQueries({ queryKey: ['integrations'] });
    showSecret(modal, t('int.secret.once'), saved.secret);
  };
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="webhook-new">
          {t('int.new')}
        </Button>
        <RefreshButton list={data} />
      </Space>
      <Table<SubscriptionView>
        rowKey="id"
        size="small"
        dataSource={data.data}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: <EmptyView text={t('int.empty')} /> }}
        columns={[
          { title: t('int.name'), dataIndex: 'name' },
          { title: t('int.url'), dataIndex: 'url', render: (u: string) => <code>{u}</code> },
          {
            title: t('int.eventTypes'),
            dataIndex: 'eventTypes',
            render: (evs: string[]) => evs.map((e) => <Tag key={e}>{e}</Tag>),
          },
          {
            title: t('int.enabled'),
            dataIndex: 'enabled',
            render: (e: boolean) => (e ? t('int.yes') : t('int.no')),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, s) => (
              <Space wrap>
                <Button size="small" onClick={() => setEditing(s)}>
                  {t('int.edit')}
                </Button>
                <Button
                  size="small"
                  data-testid="webhook-test"
                  onClick={() =>
                    void apiOf.test('webhooks', s.id).then(() => {
                      void message.success(t('int.test.sent'));
                      void qc.invalidateQueries({ queryKey: ['integrations'] });
                    })
                  }
                >
                  {t('int.test')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <FormModal<WebhookForm>
          title={current ? `${t('int.edit')}：${current.name}` : t('int.new')}
          form={form}
          okText={t('int.save')}
          width={640}
          testId="webhook-form"
          onClose={() => setEditing(null)}
          onSubmit={save}
          initialValues={
            current ?? { enabled: true, eventTypes: ['register'], districtCodes: [], categoryCodes: [] }
          }
        >
          <Form.Item name="name" label={t('int.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="url" label={t('int.url')} rules={[{ required: true }]}>
            <Input placeholder="https://data.jlcity.gov.cn/hooks/jiesu" />
          </Form.Item>
          <Form.Item name="secret" label={t('int.secret')} extra={t('int.secret.hint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="eventTypes" label={t('int.eventTypes')} rules={[{ required: true }]}>
            <Select mode="multiple" options={TICKET_EVENT_TYPES.map((e) => ({ value: e, label: e }))} />
          </Form.Item>
          <Form.Item name="districtCodes" label={t('int.districts')}>
            <Select
              mode="multiple"
              options={(districts.data ?? []).map((d) => ({ value: d.code, label: d.nameZh }))}
            />
          </Form.Item>
          <Form.Item name="categoryCodes" label={t('int.categories')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} />
          </Form.Item>
          <Form.Item name="enabled" label={t('int.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

function Deliveries() {
  const t = useIntegrationsT();
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const data = useQuery({
    queryKey: ['integrations', 'deliveries', status, page],
    queryFn: () => apiOf.deliveries(status, page),
  });
  const statusTag = (s: DeliveryView['status']) => (
    <Tag color={{ pending: 'gold', sending: 'blue', delivered: 'green', dead: 'red' }[s]}>
      {t(`int.status.${s}`)}
    </Tag>
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <FilterSegmented<StatusFilter>
          value={status}
          values={STATUSES}
          label={(s) => t(`int.status.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setPage(1);
          }}
        />
        <div style={{ marginBottom: 16 }}>
          <RefreshButton list={data} />
        </div>
      </Space>
      {data.data && (
        <Alert
          style={{ marginBottom: 12 }}
          type={data.data.counts.dead > 0 ? 'warning' : 'info'}
          message={t('int.counts', data.data.counts)}
          data-testid="delivery-counts"
        />
      )}
      {data.error && <ErrorView error={data.error} onRetry={() => void data.refetch()} />}
      <Table<DeliveryView>
        rowKey="id"
        size="small"
        loading={data.isFetching}
        dataSource={data.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: <EmptyView text={t('int.empty')} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: data.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: t('int.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          { title: t('int.target'), dataIndex: 'targetName' },
          { title: t('int.event'), dataIndex: 'eventType' },
          {
            title: t('int.ticket'),
            key: 'ticket',
            render: (_: unknown, d) =>
              d.ticketId ? <Link to={`/tickets/${d.ticketId}`}>{d.ticketCode ?? d.ticketId}</Link> : '—',
          },
          { title: t('int.status'), dataIndex: 'status', render: statusTag },
          { title: t('int.attempts'), dataIndex: 'attempts' },
          {
            title: t('int.lastError'),
            key: 'last',
            render: (_: unknown, d) => d.lastError ?? (d.lastHttpStatus ? `HTTP ${d.lastHttpStatus}` : '—'),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, d) => (
              <Space>
                <Button size="small" onClick={() => setOpen(d.id)}>
                  {t('int.log')}
                </Button>
                {d.status === 'dead' && (
                  <Button
                    size="small"
                    type="primary"
                    data-testid="delivery-replay"
                    onClick={() =>
                      void apiOf.replay(d.id).then(() => {
                        void message.success(t('int.replayed'));
                        void data.refetch();
                      })
                    }
                  >
                    {t('int.replay')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {open && <AttemptLog id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function AttemptLog({ id, onClose }: { id: string; onClose(): void }) {
  const t = useIntegrationsT();
  const data = useQuery({ queryKey: ['integrations', 'delivery', id], queryFn: () => apiOf.delivery(id) });
  return (
    <Modal open title={t('int.log')} onCancel={onClose} footer={null} width={720}>
      {data.isFetching && !data.data ? (
        <LoadingView />
      ) : (
        <Table<Attempt>
          rowKey={(a) => `${a.attempt}-${a.at}`}
          size="small"
          pagination={false}
          dataSource={data.data?.log ?? []}
          columns={[
            { title: t('int.log.attempt'), dataIndex: 'attempt' },
            { title: t('int.log.at'), dataIndex: 'at', render: (v: string) => formatTime(v, true) },
            {
              title: t('int.log.outcome'),
              dataIndex: 'outcome',
              render: (o: string) =>
                o === 'delivered' || o === 'failed' || o === 'dead' ? t(`int.outcome.${o}`) : o,
            },
            { title: t('int.log.http'), dataIndex: 'httpStatus', render: (v: number | null) => v ?? '—' },
            { title: t('int.log.duration'), dataIndex: 'durationMs' },
            { title: t('int.log.error'), dataIndex: 'error', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </Modal>
  );
}
