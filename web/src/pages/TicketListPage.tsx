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
  DatePicker,
  Input,
  Popconfirm,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import {
  REQUEST_TYPES,
  TICKET_STATUSES,
  type RequestType,
  URGENCIES,
  type TicketStatus,
  type Urgency,
} from '../../../shared/enums.js';
import { LIMITS } from '../../../shared/limits.js';
import { type ActionName, type TicketView } from '../api';
import { Countdown } from '../components/Countdown';
import { RevisitOutcomes } from '../components/RevisitOutcomes';
import { errorText } from '../components/StateViews';
import { Marked } from '../components/Marked';
import { PagedTable } from '../components/PagedTable';
import { useNarrow } from '../components/narrow';
import { StatusTag, UrgencyTag } from '../components/Tags';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, navigate, useLocation } from '../router';
import { preloadPage } from '../screens';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { queries } from '../query';
import {
  filtersFromUrl,
  filtersToUrl,
  nextStep,
  presetQuery,
  PRESETS,
  type ListFilters,
  type Preset,
} from './list-presets';
import { downloadAndSave, type Progress } from '../transfer';
import { useListExportT } from './list-export-i18n';
import { RevisitGroup } from './MergedGroup';
import { useMergeT } from './merge-i18n';

const REFRESH_MS = 60_000;

export default function TicketListPage({ preset }: { preset: Preset }) {
  const def = PRESETS[preset];
  const { t } = useI18n();
  const { message } = App.useApp();
  const { names, data: reference } = useReference();
  const mt = useMergeT();
  // The filters live in the URL: Back from a ticket returns to the same filtered page.
  const location = useLocation();
  const filters = filtersFromUrl(location.query);
  const { status, urgency, requestType, categoryCode, district, from, to, overdue = false } = filters;
  const q = filters.q ?? '';
  const page = filters.page ?? 1;
  const pageSize = filters.pageSize ?? LIMITS.pageSizeDefault;
  const setFilters = (patch: ListFilters) =>
    navigate(`${location.path}${filtersToUrl({ ...filters, page: 1, ...patch })}`, { replace: true });
  const et = useListExportT();
  const narrow = useNarrow();
  /** Null when no export runs; a total of null means the length is unknown (spinner only). */
  const [exporting, setExporting] = useState<Progress | null>(null);

  const query = presetQuery(preset, {
    status,
    urgency,
    requestType,
    categoryCode,
    district,
    from,
    to,
    q,
    overdue,
    page,
    pageSize,
  });
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
      ellipsis: true,
      render: (title: string, r) => (
        <>
          <Link to={`/tickets/${r.id}`} style={{ color: 'inherit' }} title={r.content}>
            {r.match && title ? <Marked text={title} ranges={r.match.title} /> : title || r.content}
          </Link>
          {r.complainantCount > 1 && (
            <Tag color="blue" style={{ marginLeft: 6 }}>
              {mt('group.stands', { n: r.complainantCount })}
            </Tag>
          )}
          {r.match && r.match.snippetRanges.length > 0 && (
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }} data-testid="search-snippet">
              <Marked text={r.match.snippet} ranges={r.match.snippetRanges} />
            </div>
          )}
        </>
      ),
    },
    {
      title: t('ticket.urgency'),
      dataIndex: 'urgency',
      width: 80,
      render: (u: Urgency, r) =>
        r.looksUrgent ? (
          // R3.1: a request that arrived without an operator and reads as urgent heads the dispatch queue.
          <Tag color="red" data-testid="looks-urgent" title={t('list.looksUrgentHint')}>
            {t('list.looksUrgent')}
          </Tag>
        ) : (
          <UrgencyTag urgency={u} />
        ),
    },
    {
      title: t('ticket.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: TicketStatus) => <StatusTag status={s} />,
    },
    {
      title: t('ticket.deadline'),
      key: 'deadline',
      width: 170,
      render: (_: unknown, r) => <Countdown ticket={r} loadedAt={loadedAt} />,
    },
    {
      title: t('ticket.leadUnit'),
      dataIndex: 'leadUnitId',
      width: 150,
      ellipsis: true,
      responsive: ['lg'],
      render: (u: string | null) => (u ? names.unit(u) : '—'),
    },
    {
      title: t('ticket.category'),
      dataIndex: 'categoryCode',
      width: 150,
      ellipsis: true,
      // Secondary columns give way below 1600 px so the main ones fit a 1366 px screen without sideways scroll.
      responsive: ['xxl'],
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
      width: 140,
      responsive: ['xxl'],
      render: (v: string) => formatTime(v),
    },
    {
      title: '',
      key: 'next',
      ...(preset === 'revisit' ? { fixed: 'right' as const } : {}),
      width: preset === 'revisit' ? 320 : 160,
      render: (_: unknown, r) => nextCell(r),
    },
  ];

  function nextCell(r: TicketView) {
    // R2.2: a merged group's complainants are all called from its row, each outcome on their own ticket.
    if (preset === 'revisit' && r.complainantCount > 1) return <RevisitGroup ticket={r} />;
    if (preset === 'revisit' && r.allowedActions.includes('revisit')) {
      return (
        <Space size={4} wrap data-testid="next-step">
          <RevisitOutcomes target={r} />
        </Space>
      );
    }
    const allowed = r.allowedActions as ActionName[];
    const next = nextStep(allowed, def.nextAction);
    const open = (action: ActionName) => navigate(`/tickets/${r.id}?action=${action}`);
    return (
      <Space size={4} style={narrow ? { width: '100%' } : undefined} className="next-step">
        {next ? (
          <Button
            type="primary"
            size="small"
            block={narrow}
            onClick={() => open(next)}
            data-testid="next-step"
          >
            {t(`action.${next}`)}
          </Button>
        ) : (
          <Button
            size="small"
            block={narrow}
            onClick={() => navigate(`/tickets/${r.id}`)}
            data-testid="next-step"
          >
            {t('list.open')}
          </Button>
        )}
        {allowed.includes('return') && (
          // R4.2.3: returning is a detour, asked for once more before its form opens.
          <Popconfirm
            title={t('list.returnConfirm', { code: r.code })}
            okText={t('app.confirm')}
            cancelText={t('app.cancel')}
            onConfirm={() => open('return')}
          >
            <Button size="small" danger type="text">
              {t('action.return')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    );
  }

  /** A ticket on a phone: what a handler decides on at a glance, and the next step as the one primary button. */
  const card = (r: TicketView) => (
    <Card
      size="small"
      styles={{ body: { padding: 12 } }}
      style={r.deadlines.overdue ? { borderColor: '#ffa39e', background: '#fff7f6' } : undefined}
      data-ticket={r.code}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
        <Link to={`/tickets/${r.id}`} style={{ fontWeight: 600 }}>
          {r.code}
        </Link>
        <UrgencyTag urgency={r.urgency} />
        <StatusTag status={r.status} />
      </div>
      <Link
        to={`/tickets/${r.id}`}
        style={{ color: 'inherit', display: 'block', margin: '6px 0', overflowWrap: 'anywhere' }}
        data-testid="card-title"
      >
        {r.title || r.content}
      </Link>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap', marginBottom: 8 }}>
        <Countdown ticket={r} loadedAt={loadedAt} />
        {r.deadlines.completeDueAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="card-deadline">
            {t('ticket.completeDueAt')}
            {t('app.colon')}
            {formatTime(r.deadlines.completeDueAt)}
          </Typography.Text>
        )}
      </div>
      {nextCell(r)}
    </Card>
  );

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
          style={{ width: narrow ? '100%' : 280 }}
          maxLength={100}
          defaultValue={q}
          onSearch={(v) => setFilters({ q: v.trim() || undefined })}
        />
        {def.statusFilter && (
          <Select
            allowClear
            placeholder={t('list.allStatuses')}
            style={{ width: 140 }}
            value={status}
            onChange={(v: TicketStatus | undefined) => setFilters({ status: v })}
            options={TICKET_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        )}
        <Select
          allowClear
          placeholder={t('list.allUrgencies')}
          style={{ width: 140 }}
          value={urgency}
          onChange={(v: Urgency | undefined) => setFilters({ urgency: v })}
          options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
        />
        <Select
          allowClear
          placeholder={t('ticket.requestType')}
          style={{ width: 140 }}
          value={requestType}
          onChange={(v: RequestType | undefined) => setFilters({ requestType: v })}
          options={REQUEST_TYPES.map((r) => ({ value: r, label: t(`requestType.${r}`) }))}
          data-testid="filter-request-type"
        />
        <Select
          allowClear
          placeholder={t('ticket.district')}
          style={{ width: 140 }}
          value={district}
          onChange={(v: string | undefined) => setFilters({ district: v })}
          options={(reference?.districts ?? []).map((d) => ({
            value: d.code,
            label: names.district(d.code),
          }))}
          data-testid="filter-district"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('ticket.category')}
          style={{ width: 180 }}
          value={categoryCode}
          onChange={(v: string | undefined) => setFilters({ categoryCode: v })}
          options={(reference?.categories ?? []).map((c) => ({
            value: c.code,
            label: names.category(c.code),
          }))}
          data-testid="filter-category"
        />
        <DatePicker.RangePicker
          aria-label={t('list.registeredRange')}
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(v) =>
            setFilters({
              from: v?.[0]?.format('YYYY-MM-DD') ?? undefined,
              to: v?.[1]?.format('YYYY-MM-DD') ?? undefined,
            })
          }
          data-testid="filter-registered"
        />
        <Checkbox checked={overdue} onChange={(e) => setFilters({ overdue: e.target.checked })}>
          {t('list.overdueOnly')}
        </Checkbox>
      </Space>
      <PagedTable<TicketView>
        rowKey="id"
        size="middle"
        columns={columns}
        list={list}
        paging={{ page, pageSize, onPage: (p, size) => setFilters({ page: p, pageSize: size }) }}
        total={(n) => t('list.total', { n })}
        empty={t(def.emptyText)}
        card={card}
        {...(preset === 'revisit' ? { scroll: { x: 1600 } } : {})}
        rowClassName={(r) => (r.deadlines.overdue ? 'row-overdue' : '')}
      />
    </Card>
  );
}
