/**
 * Every ticket list: the work queues (pending dispatch, returns, inbox, revisit, supervision) and the search.
 * Paginated and filtered on the server; the countdown ticks locally from the server's remaining time.
 */
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import {
  TICKET_STATUSES,
  URGENCIES,
  REVISIT_OUTCOMES,
  type TicketStatus,
  type Urgency,
} from '../../../shared/enums.js';
import { LIMITS } from '../../../shared/limits.js';
import { api, type ActionName, type TicketView } from '../api';
import { Countdown } from '../components/Countdown';
import { EmptyView, ErrorView, errorText } from '../components/StateViews';
import { StatusTag, UrgencyTag } from '../components/Tags';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, navigate } from '../router';
import { preloadPage } from '../screens';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { queries, ticketsChanged } from '../query';
import { presetQuery, PRESETS, type Preset } from './list-presets';
import { downloadAndSave, type Progress } from '../transfer';
import { useListExportT } from './list-export-i18n';
import { serverPaging } from '../components/paging';

const REFRESH_MS = 60_000;

export default function TicketListPage({ preset }: { preset: Preset }) {
  const def = PRESETS[preset];
  const { t } = useI18n();
  const { message } = App.useApp();
  const { names } = useReference();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<TicketStatus | undefined>();
  const [urgency, setUrgency] = useState<Urgency | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(LIMITS.pageSizeDefault);
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const et = useListExportT();
  /** Null when no export runs; a total of null means the length is unknown (spinner only). */
  const [exporting, setExporting] = useState<Progress | null>(null);

  const query = presetQuery(preset, { status, urgency, q, overdue, page, pageSize });
  // The first page may have been requested already, while the shell was rendering (query.ts warmUp).
  const list = useQuery({
    ...queries.ticketList(query),
    refetchInterval: def.autoRefresh ? REFRESH_MS : false,
  });

  // Rows open the ticket page: have its code ready before the first click.
  useEffect(() => {
    const timer = setTimeout(() => preloadPage('ticket').catch(() => {}), 1000);
    return () => clearTimeout(timer);
  }, []);

  const revisit = async (ticket: TicketView, outcome: (typeof REVISIT_OUTCOMES)[number]) => {
    setBusyRow(ticket.id);
    try {
      await api.act(ticket.id, 'revisit', { outcome, note: '' }, ticket.rev);
      void message.success(`${ticket.code} · ${t(`outcome.${outcome}`)}`);
      void ticketsChanged();
    } catch (e) {
      void message.error(errorText(e, t));
    } finally {
      setBusyRow(null);
    }
  };

  const loadedAt = list.data?.loadedAt ?? list.dataUpdatedAt;
  const columns: ColumnsType<TicketView> = [
    {
      title: t('ticket.code'),
      dataIndex: 'code',
      width: 150,
      render: (code: string, r) => <Link to={`/tickets/${r.id}`}>{code}</Link>,
    },
    {
      title: t('ticket.title'),
      dataIndex: 'title',
      width: 280,
      ellipsis: true,
      render: (title: string, r) => (
        <Link to={`/tickets/${r.id}`} style={{ color: 'inherit' }} title={r.content}>
          {title || r.content}
        </Link>
      ),
    },
    {
      title: t('ticket.urgency'),
      dataIndex: 'urgency',
      width: 90,
      render: (u: Urgency) => <UrgencyTag urgency={u} />,
    },
    {
      title: t('ticket.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: TicketStatus) => <StatusTag status={s} />,
    },
    {
      title: t('ticket.deadline'),
      key: 'deadline',
      width: 190,
      render: (_: unknown, r) => <Countdown ticket={r} loadedAt={loadedAt} />,
    },
    {
      title: t('ticket.leadUnit'),
      dataIndex: 'leadUnitId',
      width: 170,
      ellipsis: true,
      render: (u: string | null) => (u ? names.unit(u) : '—'),
    },
    {
      title: t('ticket.category'),
      dataIndex: 'categoryCode',
      width: 170,
      ellipsis: true,
      render: (c: string | null) => names.category(c),
    },
    ...(preset === 'revisit'
      ? [
          {
            title: t('ticket.revisitAttempts'),
            dataIndex: 'revisitAttempts',
            width: 100,
            render: (n: number) => n,
          },
        ]
      : []),
    {
      title: t('ticket.receivedAt'),
      dataIndex: 'receivedAt',
      width: 150,
      render: (v: string) => formatTime(v),
    },
    {
      title: '',
      key: 'next',
      fixed: 'right',
      width: preset === 'revisit' ? 320 : 130,
      render: (_: unknown, r) => nextCell(r),
    },
  ];

  function nextCell(r: TicketView) {
    if (preset === 'revisit' && r.allowedActions.includes('revisit')) {
      return (
        <Space size={4} wrap>
          {REVISIT_OUTCOMES.map((o) => (
            <Popconfirm
              key={o}
              title={t('list.revisitConfirm', { outcome: t(`outcome.${o}`) })}
              okText={t('app.confirm')}
              cancelText={t('app.cancel')}
              onConfirm={() => revisit(r, o)}
            >
              <Button size="small" danger={o === 'unsatisfied'} loading={busyRow === r.id}>
                {t(`outcome.${o}`)}
              </Button>
            </Popconfirm>
          ))}
        </Space>
      );
    }
    const next = (
      def.nextAction && r.allowedActions.includes(def.nextAction) ? def.nextAction : r.allowedActions[0]
    ) as ActionName | undefined;
    return next ? (
      <Button type="primary" size="small" onClick={() => navigate(`/tickets/${r.id}?action=${next}`)}>
        {t(`action.${next}`)}
      </Button>
    ) : (
      <Button size="small" onClick={() => navigate(`/tickets/${r.id}`)}>
        {t('list.open')}
      </Button>
    );
  }

  const reset = () => setPage(1);

  /** The whole filtered list (not just this page) as .xlsx, masked and audited on the server. */
  const exportList = async () => {
    setExporting({ loaded: 0, total: null });
    try {
      const { page: _page, pageSize: _size, ...filter } = query;
      const file = await downloadAndSave('/api/v1/tickets/export.xlsx', {
        query: filter,
        onProgress: setExporting,
        fallbackName: 'tickets.xlsx',
      });
      void message.success(et('export.done', { name: file.filename }));
    } catch (e) {
      void message.error(et('export.failed', { error: errorText(e, t) }), 8);
    } finally {
      setExporting(null);
    }
  };
  const exportLabel = !exporting
    ? et('export.button')
    : exporting.total
      ? et('export.progress', { pct: Math.floor((exporting.loaded / exporting.total) * 100) })
      : et('export.receiving', { size: `${Math.round(exporting.loaded / 1024)} KB` });

  return (
    <Card
      title={
        <Space orientation="vertical" size={0} style={{ padding: '12px 0' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t(def.title)}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t(def.hint)}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Tooltip title={et('export.tooltip')}>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void exportList()}
              loading={exporting !== null && exporting.total === null}
              disabled={exporting !== null && exporting.total !== null}
              data-testid="list-export"
            >
              {exportLabel}
            </Button>
          </Tooltip>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
            {t('app.refresh')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('list.search')}
          style={{ width: 280 }}
          maxLength={100}
          onSearch={(v) => {
            setQ(v.trim());
            reset();
          }}
        />
        {def.statusFilter && (
          <Select
            allowClear
            placeholder={t('list.allStatuses')}
            style={{ width: 140 }}
            value={status}
            onChange={(v: TicketStatus | undefined) => {
              setStatus(v);
              reset();
            }}
            options={TICKET_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        )}
        <Select
          allowClear
          placeholder={t('list.allUrgencies')}
          style={{ width: 140 }}
          value={urgency}
          onChange={(v: Urgency | undefined) => {
            setUrgency(v);
            reset();
          }}
          options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
        />
        <Checkbox
          checked={overdue}
          onChange={(e) => {
            setOverdue(e.target.checked);
            reset();
          }}
        >
          {t('list.overdueOnly')}
        </Checkbox>
      </Space>
      {list.error && !list.data ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<TicketView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: preset === 'revisit' ? 1600 : 1400 }}
          locale={{ emptyText: list.isFetching ? ' ' : <EmptyView text={t(def.emptyText)} /> }}
          rowClassName={(r) => (r.deadlines.overdue ? 'row-overdue' : '')}
          pagination={serverPaging(
            page,
            pageSize,
            list.data?.total,
            (n) => t('list.total', { n }),
            (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          )}
        />
      )}
    </Card>
  );
}
