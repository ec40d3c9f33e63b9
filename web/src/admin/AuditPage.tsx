/**
 * 审计日志 (R9.1): the append-only log, filtered and paginated on the server, and a check of its
 * hash chain.
 */
import { SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type AuditEntry, type AuditQuery, type AuditVerifyResult } from '../api';
import { errorText } from '../components/StateViews';
import { PagedTable, RefreshButton, usePaging } from '../components/PagedTable';
import { clearErrorsOnChange } from '../form-errors';
import { labelOr, useI18n } from '../i18n';
import { Link } from '../router';
import { formatTime, pickerToIso } from '../time';
import { useQuery } from '@tanstack/react-query';
import { AUDIT_ACTIONS, isAdminKey, useAdminT } from './admin-i18n';
import { PageHeading } from '../components/PageParts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z]\d{6,20}$/;
const OUTCOME_COLOR: Record<string, string> = { success: 'green', failure: 'orange', denied: 'red' };

interface Filters {
  action?: string;
  userId?: string;
  ticketId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const t = useAdminT();
  const { t: tApp } = useI18n();
  const [form] = Form.useForm<Filters>();
  // Opened from a ticket's audit record: that ticket's entries.
  const [initialCode] = useState(() => locationQuery().get('ticketCode') ?? undefined);
  const [filters, setFilters] = useState<Omit<AuditQuery, 'page' | 'pageSize'>>(
    initialCode ? { ticketCode: initialCode } : {},
  );
  const paging = usePaging();
  const [verify, setVerify] = useState<{ result?: AuditVerifyResult; error?: string; busy: boolean }>({
    busy: false,
  });

  const query: AuditQuery = { ...filters, page: paging.page, pageSize: paging.pageSize };
  const list = useQuery({ queryKey: ['audit', 'log', query], queryFn: () => api.audit(query) });
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.users() });
  const retention = useQuery({ queryKey: ['audit', 'retention'], queryFn: () => api.auditRetention() });
  const userName = new Map((users.data ?? []).map((u) => [u.id, `${u.displayName}（${u.username}）`]));

  const labelOf = (key: string, fallback: string) => (isAdminKey(key) ? t(key) : fallback);
  const actionLabel = (a: string) => labelOf(`aud.act.${a}`, a);

  const search = (v: Filters) => {
    // A ticket is found by its code (what people read) or by its internal id.
    const ticket = v.ticketId?.trim();
    if (ticket && !UUID.test(ticket) && !CODE.test(ticket)) {
      form.setFields([{ name: 'ticketId', errors: [t('aud.ticket.invalid')] }]);
      return;
    }
    const ticketId = ticket && UUID.test(ticket) ? ticket : undefined;
    const ticketCode = ticket && !ticketId ? ticket.toUpperCase() : undefined;
    setFilters({
      action: v.action?.trim() || undefined,
      userId: v.userId || undefined,
      ticketId,
      ticketCode,
      from: v.range?.[0] ? pickerToIso(v.range[0]) : undefined,
      to: v.range?.[1] ? pickerToIso(v.range[1]) : undefined,
    });
    paging.first();
  };

  const runVerify = async () => {
    setVerify({ busy: true });
    try {
      setVerify({ busy: false, result: await api.verifyAudit() });
    } catch (e) {
      setVerify({ busy: false, error: errorText(e, tApp) });
    }
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: '#', dataIndex: 'id', width: 70 },
    { title: t('aud.at'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v, true) },
    {
      title: t('aud.user'),
      key: 'actor',
      width: 200,
      render: (_: unknown, r) => (
        <span>
          {r.actorUsername ?? '—'}
          {r.actorRole && (
            <Tag style={{ marginLeft: 6 }}>{labelOr(tApp, `role.${r.actorRole}`, r.actorRole)}</Tag>
          )}
        </span>
      ),
    },
    {
      title: t('aud.action'),
      dataIndex: 'action',
      width: 190,
      render: (a: string) => (
        <span title={a}>
          {actionLabel(a)}
          <div style={{ fontSize: 11, color: '#999' }}>{a}</div>
        </span>
      ),
    },
    {
      title: t('aud.target'),
      key: 'target',
      width: 150,
      ellipsis: true,
      render: (_: unknown, r) =>
        r.ticketId ? (
          // The audit view of the ticket's record: the ticket page itself is for those handling it.
          <Link to={`/audit/tickets/${r.ticketId}`} title={t('aud.ticket.open')}>
            {r.ticketCode ?? r.target ?? r.ticketId}
          </Link>
        ) : (
          (r.target ?? '—')
        ),
    },
    { title: t('aud.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('aud.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (o: string) => (
        <Tag color={OUTCOME_COLOR[o] ?? 'default'}>{labelOf(`aud.outcome.${o}`, o)}</Tag>
      ),
    },
    {
      title: t('aud.details'),
      dataIndex: 'details',
      ellipsis: true,
      render: (d: Record<string, unknown>) =>
        Object.keys(d).length ? (
          <span style={{ fontSize: 12 }}>{detailLine(d, (k, f) => labelOf(k, f))}</span>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card
      title={<PageHeading title={t('aud.title')} hint={t('aud.hint')} />}
      extra={
        <Space>
          <RefreshButton list={list} />
          <Button icon={<SafetyOutlined />} onClick={() => void runVerify()} loading={verify.busy}>
            {t('aud.verify')}
          </Button>
        </Space>
      }
    >
      {verify.result && (
        <Alert
          type={verify.result.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setVerify({ busy: false })}
          style={{ marginBottom: 16 }}
          title={
            verify.result.ok
              ? t('aud.verify.ok', { n: verify.result.checked })
              : t('aud.verify.broken', {
                  id: verify.result.brokenAt ?? '?',
                  n: verify.result.checked,
                  count: verify.result.brokenCount,
                  list: verify.result.broken
                    .flatMap((b) => b.differs.map((d) => t(`aud.verify.${d}`, { id: b.id })))
                    .join('；'),
                })
          }
        />
      )}
      {verify.error && <Alert type="error" showIcon title={verify.error} style={{ marginBottom: 16 }} />}
      {retention.data && (
        <Typography.Paragraph type="secondary" data-testid="audit-retention">
          {t('aud.retention', {
            n: retention.data.records,
            oldest: retention.data.oldestAt ? formatTime(retention.data.oldestAt) : '—',
            files: retention.data.anchors.length,
            archived: retention.data.anchors.reduce((s, a) => s + a.records, 0),
          })}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={search}
        initialValues={initialCode ? { ticketId: initialCode } : undefined}
        onValuesChange={clearErrorsOnChange(form)}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item name="action" label={t('aud.action')}>
          <AutoComplete
            allowClear
            placeholder={t('aud.action.placeholder')}
            style={{ width: 200 }}
            options={AUDIT_ACTIONS.map((a) => ({ value: a, label: `${actionLabel(a)} · ${a}` }))}
            filterOption={(input, o) =>
              !!o && `${o.value} ${String(o.label)}`.toLowerCase().includes(input.toLowerCase())
            }
          />
        </Form.Item>
        <Form.Item name="userId" label={t('aud.user')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('aud.user.placeholder')}
            style={{ width: 220 }}
            loading={users.isFetching}
            options={(users.data ?? []).map((u) => ({
              value: u.id,
              label: userName.get(u.id) ?? u.username,
            }))}
          />
        </Form.Item>
        <Form.Item name="ticketId" label={t('aud.ticket')}>
          <Input allowClear placeholder={t('aud.ticket.placeholder')} style={{ width: 300 }} maxLength={36} />
        </Form.Item>
        <Form.Item name="range" label={t('aud.range')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('aud.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
                paging.first();
              }}
            >
              {t('aud.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <PagedTable<AuditEntry>
        list={list}
        paging={paging}
        total={(n) => t('aud.total', { n })}
        empty={t('aud.empty')}
        rowKey="id"
        columns={columns}
        scroll={{ x: 1200 }}
        expandable={{
          expandedRowRender: (r) => (
            <div style={{ fontSize: 12 }}>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {Object.entries(r.details).map(([k, v]) => (
                  <li key={k}>
                    {labelOf(`aud.detail.${k}`, k)}：{detailValue(k, v, (key, f) => labelOf(key, f))}
                  </li>
                ))}
              </ul>
              <div style={{ color: '#999', marginTop: 8, fontFamily: 'monospace' }}>
                {t('aud.hash')}: {r.hash}
                <br />
                prev: {r.prevHash}
              </div>
            </div>
          ),
        }}
      />
    </Card>
  );
}

type Label = (key: string, fallback: string) => string;

/** A detail's value in words: known reasons and formats translated, lists and objects shown compactly. */
function detailValue(key: string, v: unknown, label: Label): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return key === 'reason' ? label(`aud.reason.${v}`, v) : v;
  if (typeof v === 'boolean') return label(`aud.bool.${v}`, String(v));
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => detailValue(key, x, label)).join('、');
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${label(`aud.detail.${k}`, k)} ${detailValue(k, x, label)}`)
    .join('；');
}

/** The details of an entry on one line: "原因：密码错误；格式：json". */
function detailLine(d: Record<string, unknown>, label: Label): string {
  return Object.entries(d)
    .map(([k, v]) => `${label(`aud.detail.${k}`, k)}：${detailValue(k, v, label)}`)
    .join('；');
}

const locationQuery = (): URLSearchParams => new URLSearchParams(window.location.search);
