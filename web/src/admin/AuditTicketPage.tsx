/**
 * The audit view of one ticket's record (R9.1): what the auditor may see — its code, state and timeline (who,
 * in which role and unit, did what and when) — without the complainant's data or any free text; and the audit
 * log entries about it. Opening it is itself recorded on the server.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { request } from '../api';
import type { AuditTicketRecord } from '../../../shared/schemas/audit.js';
import { ErrorView, LoadingView } from '../components/StateViews';
import { StatusTag, UrgencyTag } from '../components/Tags';
import { labelOr, useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, navigate } from '../router';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { useAdminT } from './admin-i18n';
import type { TicketStatus, Urgency } from '../../../shared/enums.js';

export default function AuditTicketPage({ params }: { params: { id: string } }) {
  const { id } = params;
  const t = useAdminT();
  const { t: tApp } = useI18n();
  const { names } = useReference();
  const record = useQuery({
    queryKey: ['audit', 'ticket-record', id],
    queryFn: () =>
      request<AuditTicketRecord>('GET', `/api/v1/audit/tickets/${encodeURIComponent(id)}/record`),
  });
  if (record.isPending) return <LoadingView />;
  if (!record.data) return <ErrorView error={record.error} onRetry={() => void record.refetch()} />;
  const r = record.data;
  const role = (roles: string | null) =>
    (roles ?? '')
      .split(',')
      .filter(Boolean)
      .map((x) => labelOr(tApp, `role.${x}`, x))
      .join('、') || '—';

  return (
    <Card
      data-testid="audit-ticket-record"
      title={
        <Space orientation="vertical" size={0} style={{ padding: '12px 0' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('aud.rec.title', { code: r.code })}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', whiteSpace: 'normal' }}>
            {t('aud.rec.hint')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/admin/audit')}>
          {t('aud.rec.back')}
        </Button>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 's', label: t('aud.rec.status'), children: <StatusTag status={r.status as TicketStatus} /> },
          { key: 'u', label: t('aud.rec.urgency'), children: <UrgencyTag urgency={r.urgency as Urgency} /> },
          { key: 'c', label: t('aud.rec.channel'), children: names.channel(r.channel) },
          { key: 'k', label: t('aud.rec.category'), children: names.category(r.categoryCode) },
          { key: 'r', label: t('aud.rec.registeredAt'), children: formatTime(r.registeredAt) },
        ]}
      />
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey={(e) => `${e.at}-${e.action}-${e.toStatus ?? ''}`}
        pagination={false}
        dataSource={r.events}
        columns={[
          { title: t('aud.at'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v, true) },
          {
            title: t('aud.action'),
            dataIndex: 'action',
            render: (a: string) => labelOr(tApp, `event.${a}`, a),
          },
          {
            title: t('aud.rec.status'),
            key: 'status',
            render: (_: unknown, e) =>
              e.toStatus && e.toStatus !== e.fromStatus ? (
                <span>
                  {e.fromStatus ? <Tag>{labelOr(tApp, `status.${e.fromStatus}`, e.fromStatus)}</Tag> : null}
                  {e.fromStatus ? '→ ' : ''}
                  <Tag color="blue">{labelOr(tApp, `status.${e.toStatus}`, e.toStatus)}</Tag>
                </span>
              ) : (
                '—'
              ),
          },
          { title: t('aud.rec.actor'), dataIndex: 'actorRole', render: role },
          { title: t('aud.rec.unit'), dataIndex: 'actorUnitId', render: (u: string | null) => names.unit(u) },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <Link to={`/admin/audit?ticketCode=${encodeURIComponent(r.code)}`}>{t('aud.rec.log')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
