/**
 * 督办事项 (R6.1): the supervision office's cases by age and escalation level — open or closed, by reason,
 * unit and level, sorted by age or notices, paginated on the server — and from a case, an accountability
 * proposal drafted from the record (R6.2).
 */
import { FileProtectOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Select, Space, Tag } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import type { TicketStatus } from '../../../shared/enums.js';
import { SUPERVISION_REASONS } from '../../../shared/schemas/supervision.js';
import { errorText } from '../components/StateViews';
import { StatusTag } from '../components/Tags';
import { PagedTable, RefreshButton, usePaging } from '../components/PagedTable';
import { PageHeading, TicketCell } from '../components/PageParts';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { navigate } from '../router';
import { formatDuration, formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import {
  supervisionApi,
  type CaseQuery,
  type CaseSort,
  type CaseView,
  type SupervisionReason,
} from './supervision-api';
import { useSupervisionT } from './supervision-i18n';

type State = NonNullable<CaseQuery['state']>;
type Level = '0' | '1' | '2' | '3';
const LEVELS: Level[] = ['0', '1', '2', '3'];
const LEVEL_RANGE: Record<Level, Pick<CaseQuery, 'minNotices' | 'maxNotices'>> = {
  '0': { minNotices: 0, maxNotices: 0 },
  '1': { minNotices: 1, maxNotices: 1 },
  '2': { minNotices: 2, maxNotices: 2 },
  '3': { minNotices: 3 },
};
const LEVEL_COLOR = ['default', 'gold', 'orange', 'red'];
const REASON_COLOR: Record<string, string> = {
  overdue: 'red',
  unsatisfied: 'volcano',
  reopened: 'purple',
  manual: 'blue',
};
const DAY = 86_400;

export default function SupervisionCasesPage() {
  const t = useSupervisionT();
  const { t: tApp, lang } = useI18n();
  const { message } = App.useApp();
  const ref = useReference();
  const [state, setState] = useState<State>('open');
  const [reason, setReason] = useState<SupervisionReason | undefined>();
  const [level, setLevel] = useState<Level | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [sort, setSort] = useState<CaseSort>('age');
  const paging = usePaging();
  const [drafting, setDrafting] = useState<string | null>(null);

  const query: CaseQuery = {
    state,
    reason,
    unitId,
    ...(level ? LEVEL_RANGE[level] : {}),
    sort,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const list = useQuery({
    queryKey: ['supervision', 'cases', query],
    queryFn: () => supervisionApi.cases(query),
  });
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      paging.first();
    };

  const draft = async (c: CaseView) => {
    setDrafting(c.id);
    try {
      const p = await supervisionApi.draftProposal(c.ticketId);
      void message.success(`${c.ticketCode} · ${t('sup.drafted')}`);
      navigate(`/accountability/${p.id}`);
    } catch (e) {
      void message.error(errorText(e, tApp));
    } finally {
      setDrafting(null);
    }
  };

  const sortOrder = (key: 'age' | 'notices') =>
    key === 'age'
      ? sort === 'age'
        ? ('descend' as const) // oldest first = the longest age first
        : sort === '-age'
          ? ('ascend' as const)
          : null
      : sort === 'notices'
        ? ('descend' as const)
        : null;

  const columns: ColumnsType<CaseView> = [
    {
      title: t('sup.ticket'),
      key: 'ticket',
      width: 280,
      render: (_: unknown, c) => (
        <TicketCell ticketId={c.ticketId} code={c.ticketCode} title={c.ticketTitle} maxWidth={260} />
      ),
    },
    {
      title: t('sup.reason'),
      dataIndex: 'reason',
      width: 120,
      render: (r: string) => (
        <Tag color={REASON_COLOR[r] ?? 'default'}>
          {(SUPERVISION_REASONS as readonly string[]).includes(r)
            ? t(`sup.reason.${r as SupervisionReason}`)
            : r}
        </Tag>
      ),
    },
    {
      title: t('sup.unit'),
      dataIndex: 'leadUnitId',
      width: 180,
      ellipsis: true,
      render: (u: string | null) => (u ? ref.names.unit(u) : '—'),
    },
    {
      title: t('sup.age'),
      key: 'age',
      width: 120,
      sorter: true,
      sortOrder: sortOrder('age'),
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (_: unknown, c) => (
        <span
          title={formatDuration(c.openSeconds, lang)}
          style={{ color: !c.closedAt && c.openSeconds >= 7 * DAY ? '#cf1322' : undefined }}
        >
          {t('sup.ageDays', { n: Math.floor(c.openSeconds / DAY) })}
        </span>
      ),
    },
    {
      title: t('sup.notices'),
      dataIndex: 'notices',
      width: 110,
      sorter: true,
      sortOrder: sortOrder('notices'),
      sortDirections: ['descend', 'descend'],
      render: (n: number) => <Tag color={LEVEL_COLOR[Math.min(n, 3)]}>{t('sup.noticesN', { n })}</Tag>,
    },
    { title: t('sup.times'), dataIndex: 'timesSupervised', width: 90 },
    {
      title: t('sup.status'),
      dataIndex: 'ticketStatus',
      width: 110,
      render: (s: TicketStatus) => <StatusTag status={s} />,
    },
    {
      title: t('sup.openedAt'),
      dataIndex: 'openedAt',
      width: 150,
      render: (v: string) => formatTime(v),
    },
    ...(state === 'open'
      ? []
      : [
          {
            title: t('sup.closedAt'),
            dataIndex: 'closedAt',
            width: 150,
            render: (v: string | null) => formatTime(v),
          },
        ]),
    {
      title: t('sup.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_: unknown, c) => (
        <Button
          size="small"
          icon={<FileProtectOutlined />}
          loading={drafting === c.id}
          onClick={() => void draft(c)}
        >
          {t('sup.draft')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={<PageHeading title={t('sup.title')} hint={t('sup.hint')} />}
      extra={<RefreshButton list={list} />}
    >
      <Space wrap size={12} style={{ marginBottom: 16 }}>
        <Segmented<State>
          value={state}
          onChange={filter(setState)}
          options={(['open', 'closed', 'all'] as const).map((s) => ({
            value: s,
            label: t(`sup.state.${s}`),
          }))}
        />
        <Select<SupervisionReason>
          allowClear
          aria-label={t('sup.reason')}
          placeholder={t('sup.reason.all')}
          style={{ width: 160 }}
          value={reason}
          onChange={filter(setReason)}
          options={SUPERVISION_REASONS.map((r) => ({ value: r, label: t(`sup.reason.${r}`) }))}
        />
        <Select<Level>
          allowClear
          aria-label={t('sup.level')}
          placeholder={t('sup.level.all')}
          style={{ width: 170 }}
          value={level}
          onChange={filter(setLevel)}
          options={LEVELS.map((l) => ({ value: l, label: t(`sup.level.${l}`) }))}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('sup.unit')}
          placeholder={t('sup.unit.all')}
          style={{ width: 240 }}
          loading={ref.loading}
          value={unitId}
          onChange={filter(setUnitId)}
          options={(ref.data?.units ?? []).map((u) => ({ value: u.id, label: ref.names.unit(u.id) }))}
        />
      </Space>
      <PagedTable<CaseView>
        list={list}
        paging={paging}
        total={(n) => t('sup.total', { n })}
        empty={t('sup.empty')}
        rowKey="id"
        columns={columns}
        scroll={{ x: 1300 }}
        onChange={(_p, _f, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<CaseView> | undefined;
          const next: CaseSort =
            s?.columnKey === 'notices' || s?.field === 'notices'
              ? 'notices'
              : s?.columnKey === 'age' && s.order === 'ascend'
                ? '-age'
                : 'age';
          if (next !== sort) {
            setSort(next);
            paging.first();
          }
        }}
      />
    </Card>
  );
}
