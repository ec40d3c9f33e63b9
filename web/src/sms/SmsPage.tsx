/**
 * 短信: what left through the SMS gateway or SMPP — status, attempts, the gateway's id and its receipt, the
 * number masked and the text never shown (R9.1) — and, for the administrator, the opt-out list (退订) and the
 * wording of each kind. A message in state unknown may have reached the phone: it is resent only by hand.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SMS_STATUSES } from '../../../shared/schemas/sms.js';
import { PagedTable, RefreshButton, usePaging } from '../components/PagedTable';
import { FilterSegmented, PageHeading } from '../components/PageParts';
import { FormModal } from '../components/FormModal';
import { errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { may } from '../nav';
import { Link } from '../router';
import { useSession } from '../session';
import { formatTime } from '../time';
import {
  smsApi,
  type OptOutItem,
  type SmsItem,
  type SmsStatusName,
  type SmsTemplateView,
  type UnitSmsNumberItem,
} from './sms-api';
import { useSmsT, type SmsKey } from './sms-i18n';

type StatusFilter = SmsStatusName | 'all';
const KIND_KEYS: Record<string, true> = Object.fromEntries(
  [
    'complainant.reply',
    'complainant.rating-link',
    'unit.supervise',
    'unit.deadline-warning',
    'unit.overdue',
    'unit.notice',
  ].map((k) => [`sms.kind.${k}`, true]),
);
const STATUS_COLOR: Record<SmsStatusName, string> = {
  pending: 'default',
  sending: 'processing',
  sent: 'blue',
  delivered: 'green',
  undeliverable: 'red',
  failed: 'red',
  unknown: 'orange',
  opted_out: 'default',
};

function Messages({ manage }: { manage: boolean }) {
  const t = useSmsT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const paging = usePaging();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [failure, setFailure] = useState<string | null>(null);
  const q = { ...(status === 'all' ? {} : { status }), page: paging.page, pageSize: paging.pageSize };
  const list = useQuery({ queryKey: ['sms', 'messages', q], queryFn: () => smsApi.messages(q) });
  const requeue = async (r: SmsItem) => {
    setFailure(null);
    try {
      await smsApi.requeue(r.id);
      void message.success(t('sms.requeued'));
      void list.refetch();
    } catch (e) {
      setFailure(errorText(e, tApp));
    }
  };
  const columns: ColumnsType<SmsItem> = [
    { title: '#', dataIndex: 'id', width: 80 },
    {
      title: t('sms.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (k: string) => (`sms.kind.${k}` in KIND_KEYS ? t(`sms.kind.${k}` as SmsKey) : k),
    },
    { title: t('sms.to'), dataIndex: 'to', width: 130 },
    {
      title: t('sms.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: SmsStatusName) => <Tag color={STATUS_COLOR[s]}>{t(`sms.status.${s}` as SmsKey)}</Tag>,
    },
    { title: t('sms.attempts'), dataIndex: 'attempts', width: 90 },
    { title: t('sms.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v) },
    { title: t('sms.sentAt'), dataIndex: 'sentAt', width: 150, render: (v: string | null) => formatTime(v) },
    {
      title: t('sms.receipt'),
      key: 'receipt',
      width: 150,
      render: (_: unknown, r) => (r.receiptStatus ? `${r.receiptStatus} ${formatTime(r.receiptAt)}` : '—'),
    },
    { title: t('sms.error'), dataIndex: 'lastError', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('sms.ticket'),
      dataIndex: 'ticketId',
      width: 80,
      render: (id: string | null) => (id ? <Link to={`/tickets/${id}`}>{t('sms.ticket')}</Link> : '—'),
    },
    ...(manage
      ? [
          {
            title: t('sms.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, r: SmsItem) =>
              r.status === 'unknown' || r.status === 'failed' ? (
                <Popconfirm
                  title={t('sms.requeue.confirm')}
                  okText={tApp('app.confirm')}
                  cancelText={tApp('app.cancel')}
                  onConfirm={() => requeue(r)}
                >
                  <Button type="link" size="small">
                    {t('sms.requeue')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <FilterSegmented<StatusFilter>
          value={status}
          values={['all', ...SMS_STATUSES]}
          label={(s) => t(`sms.status.${s}` as SmsKey)}
          onChange={(s) => {
            setStatus(s);
            paging.first();
          }}
        />
        <RefreshButton list={list} />
      </Space>
      <PagedTable<SmsItem>
        rowKey="id"
        list={list}
        paging={paging}
        columns={columns}
        total={(n) => t('sms.total', { n })}
        empty={t('sms.empty')}
        scroll={{ x: 1250 }}
        data-testid="sms-messages"
      />
    </>
  );
}

function OptOuts() {
  const t = useSmsT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [form] = Form.useForm<{ phone: string }>();
  const list = useQuery({ queryKey: ['sms', 'opt-outs'], queryFn: () => smsApi.optOuts() });
  const remove = async (o: OptOutItem) => {
    setFailure(null);
    try {
      await smsApi.removeOptOut(o.id);
      void list.refetch();
    } catch (e) {
      setFailure(errorText(e, tApp));
    }
  };
  const columns: ColumnsType<OptOutItem> = [
    { title: t('sms.to'), dataIndex: 'masked', width: 160 },
    {
      title: t('sms.optOut.source'),
      dataIndex: 'source',
      render: (s: OptOutItem['source']) => t(`sms.optOut.source.${s}`),
    },
    { title: t('sms.optOut.at'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v) },
    {
      title: t('sms.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, o) => (
        <Popconfirm
          title={t('sms.optOut.remove.confirm')}
          okText={tApp('app.confirm')}
          cancelText={tApp('app.cancel')}
          onConfirm={() => remove(o)}
        >
          <Button type="link" size="small" danger>
            {t('sms.optOut.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];
  return (
    <>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('sms.optOut.add')}
        </Button>
        <RefreshButton list={list} />
      </Space>
      <Table<OptOutItem>
        rowKey="id"
        size="small"
        dataSource={list.data ?? []}
        loading={list.isFetching}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('sms.optOut.empty') }}
        data-testid="sms-opt-outs"
      />
      {adding && (
        <FormModal<{ phone: string }>
          title={t('sms.optOut.add')}
          form={form}
          okText={t('sms.save')}
          onClose={() => setAdding(false)}
          onSubmit={async () => {
            const v = await form.validateFields();
            await smsApi.addOptOut(v.phone);
            void message.success(t('sms.saved'));
            setAdding(false);
            form.resetFields();
            void list.refetch();
          }}
        >
          <Form.Item name="phone" label={t('sms.optOut.phone')} rules={[{ required: true }]}>
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

function Templates() {
  const t = useSmsT();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<SmsTemplateView | null>(null);
  const [form] = Form.useForm<{ body: string }>();
  const list = useQuery({ queryKey: ['sms', 'templates'], queryFn: () => smsApi.templates() });
  const columns: ColumnsType<SmsTemplateView> = [
    {
      title: t('sms.kind'),
      key: 'kind',
      width: 220,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.label}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.kind}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('sms.tab.templates'),
      key: 'body',
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={2}>
          <span>{r.body}</span>
          <span>
            <Tag color={r.custom ? 'blue' : 'default'}>
              {r.custom ? t('sms.template.custom') : t('sms.template.builtIn')}
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sms.template.placeholders')}：{r.placeholders.map((p) => `{${p}}`).join(' ')}
            </Typography.Text>
          </span>
        </Space>
      ),
    },
    {
      title: t('sms.actions'),
      key: 'actions',
      width: 170,
      render: (_: unknown, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(r)}>
            {t('sms.edit')}
          </Button>
          {r.custom && (
            <Button
              type="link"
              size="small"
              onClick={async () => {
                await smsApi.saveTemplate(r.kind, null);
                void list.refetch();
              }}
            >
              {t('sms.template.reset')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Table<SmsTemplateView>
        rowKey="kind"
        size="small"
        dataSource={list.data ?? []}
        loading={list.isFetching}
        columns={columns}
        pagination={false}
        data-testid="sms-templates"
      />
      {editing && (
        <FormModal<{ body: string }>
          title={editing.label}
          form={form}
          initialValues={{ body: editing.body }}
          okText={t('sms.save')}
          intro={`${t('sms.template.placeholders')}：${editing.placeholders.map((p) => `{${p}}`).join(' ')}`}
          onClose={() => setEditing(null)}
          onSubmit={async () => {
            const v = await form.validateFields();
            await smsApi.saveTemplate(editing.kind, v.body);
            void message.success(t('sms.saved'));
            setEditing(null);
            void list.refetch();
          }}
        >
          <Form.Item name="body" rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={469} showCount />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

function UnitNumbers() {
  const t = useSmsT();
  const { t: tApp, lang } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<UnitSmsNumberItem | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [form] = Form.useForm<{ phone: string }>();
  const list = useQuery({ queryKey: ['sms', 'unit-numbers'], queryFn: () => smsApi.unitNumbers() });
  const clear = async (u: UnitSmsNumberItem) => {
    setFailure(null);
    try {
      await smsApi.setUnitNumber(u.unitId, null);
      void list.refetch();
    } catch (e) {
      setFailure(errorText(e, tApp));
    }
  };
  const columns: ColumnsType<UnitSmsNumberItem> = [
    {
      title: t('sms.units.unit'),
      key: 'unit',
      render: (_: unknown, u) => (
        <span>
          {lang === 'en' ? u.nameEn : u.nameZh}
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            {u.code}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('sms.units.number'),
      dataIndex: 'masked',
      width: 160,
      render: (m: string | null) =>
        m ?? <Typography.Text type="secondary">{t('sms.units.none')}</Typography.Text>,
    },
    {
      title: t('sms.actions'),
      key: 'actions',
      width: 140,
      render: (_: unknown, u) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(u)}>
            {t('sms.units.set')}
          </Button>
          {u.masked && (
            <Button type="link" size="small" danger onClick={() => void clear(u)}>
              {t('sms.units.clear')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Alert type="info" showIcon title={t('sms.units.hint')} style={{ marginBottom: 16 }} />
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Table<UnitSmsNumberItem>
        rowKey="unitId"
        size="small"
        dataSource={list.data ?? []}
        loading={list.isFetching}
        columns={columns}
        pagination={false}
        scroll={{ y: 520 }}
        data-testid="sms-unit-numbers"
      />
      {editing && (
        <FormModal<{ phone: string }>
          title={`${t('sms.units.number')}：${lang === 'en' ? editing.nameEn : editing.nameZh}`}
          form={form}
          okText={t('sms.save')}
          onClose={() => setEditing(null)}
          onSubmit={async () => {
            const v = await form.validateFields();
            await smsApi.setUnitNumber(editing.unitId, v.phone);
            void message.success(t('sms.saved'));
            setEditing(null);
            form.resetFields();
            void list.refetch();
          }}
        >
          <Form.Item name="phone" label={t('sms.units.number')} rules={[{ required: true }]}>
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

export default function SmsPage() {
  const t = useSmsT();
  const { user } = useSession();
  const manage = may(user, 'sms.manage');
  const items = [
    { key: 'messages', label: t('sms.tab.messages'), children: <Messages manage={manage} /> },
    ...(manage
      ? [
          { key: 'opt-outs', label: t('sms.tab.optOuts'), children: <OptOuts /> },
          { key: 'templates', label: t('sms.tab.templates'), children: <Templates /> },
          { key: 'units', label: t('sms.tab.units'), children: <UnitNumbers /> },
        ]
      : []),
  ];
  return (
    <Card title={<PageHeading title={t('sms.title')} hint={t('sms.hint')} />}>
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
}
