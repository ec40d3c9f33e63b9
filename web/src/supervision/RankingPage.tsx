/**
 * 考核排名 (R7.1, R7.2) for city leaders, the supervision office and the office: the heat view of requests by
 * district, and a month's ranking per peer group with drill-down to the tickets behind each figure. Office
 * operators compute, review and publish; everyone here may download the bulletin and the statistics.
 */
import { downloadAndSave } from '../transfer';
import {
  CalculatorOutlined,
  CheckOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  ReloadOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { App, Button, Card, DatePicker, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { PEER_GROUPS, type PeerGroup } from '../../../shared/enums.js';
import { FIGURE_ZH, type Figure, type Rates } from '../../../shared/schemas/assessment.js';
import { api, ApiError } from '../api';
import { EmptyView, ErrorView, errorText, LoadingView } from '../components/StateViews';
import { UrgencyTag } from '../components/Tags';
import { labelOr, useI18n } from '../i18n';
import { Link } from '../router';
import { may } from '../nav';
import { useSession } from '../session';
import { formatTime, ZONE } from '../time';
import { useQuery } from '@tanstack/react-query';
import { DistrictHeat } from './DistrictHeat';
import { supervisionApi, type DrillDownView, type MonthlyView, type UnitFigures } from './supervision-api';
import { useSupervisionT } from './supervision-i18n';
import { PagedTable, usePaging } from '../components/PagedTable';
import { PageHeading } from '../components/PageParts';

/**
 * A month is ranked once it has ended: the page opens on the last full month by the server's date (which
 * follows the test clock in demos), or the browser's if that cannot be read.
 */
const serverToday = () =>
  api.calendarStatus().then(
    (s) => s.today,
    () => dayjs().tz(ZONE).format('YYYY-MM-DD'),
  );
const monthBefore = (day: string): Dayjs => dayjs(day).startOf('month').subtract(1, 'month');

const FIGURE_EN: Record<Figure, string> = {
  received: 'Received',
  feedbackDue: 'Feedback due',
  feedbackOnTime: 'Feedback on time',
  completed: 'Completed',
  completedOnTime: 'Completed on time',
  revisitsReached: 'Revisits reached',
  revisitsSatisfied: 'Satisfied',
  revisitsUnreachable: 'Unreachable',
  returns: 'Returns',
  supervisions: 'Supervision notices',
  supervisionCases: 'Supervision cases',
  overdue: 'Overdue',
  reopenings: 'Reopened',
};

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const both = (u: UnitFigures, f: Figure) => u.general[f] + u.urgent[f];

interface Drill {
  unit: UnitFigures;
  figure: Figure;
}

export default function RankingPage() {
  const t = useSupervisionT();
  const { t: tApp, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const assessor = may(user, 'assessment.manage');
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const today = useQuery({ queryKey: ['server-today'], queryFn: serverToday });
  const month = picked ?? (today.data ? monthBefore(today.data) : null);
  const m = month?.format('YYYY-MM') ?? '';
  const monthly = useQuery({
    queryKey: ['assessment', 'monthly', m],
    queryFn: () => supervisionApi.monthly(m),
    // The month is known once the server's date has arrived.
    enabled: m !== '',
  });
  const view = monthly.error ? undefined : monthly.data;
  const figureName = (f: Figure) => (lang === 'en' ? FIGURE_EN[f] : FIGURE_ZH[f]);

  const step = async (kind: 'compute' | 'review' | 'publish') => {
    setBusy(kind);
    try {
      const v = await supervisionApi[kind](m);
      void message.success(t(`rank.done.${kind}`, { n: v.revision }));
      void monthly.refetch();
    } catch (e) {
      void message.error(errorText(e, tApp));
    } finally {
      setBusy(null);
    }
  };

  const download = async (kind: 'bulletin.docx' | 'bulletin.pdf' | 'statistics.xlsx', v: MonthlyView) => {
    setBusy(kind);
    try {
      const { filename: name } = await downloadAndSave(
        `/api/v1/assessment/monthly/${m}/${kind}?revision=${v.revision}`,
        { fallbackName: `${m}-${kind}` },
      );
      void message.success(t('rank.downloaded', { name }));
    } catch (e) {
      void message.error(errorText(e, tApp));
    } finally {
      setBusy(null);
    }
  };

  const notFound = monthly.error instanceof ApiError && monthly.error.status === 404;
  let body: ReactNode;
  if ((monthly.isFetching || m === '') && !monthly.data && !monthly.error) body = <LoadingView />;
  else if (notFound)
    body = <EmptyView text={t(assessor ? 'rank.notComputed' : 'rank.notAvailable', { month: m })} />;
  else if (!view) body = <ErrorView error={monthly.error} onRetry={() => void monthly.refetch()} />;
  else
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {PEER_GROUPS.map((g) => (
          <GroupTable
            key={g}
            group={g}
            units={view.units.filter((u) => u.peerGroup === g)}
            onDrill={(unit, figure) => setDrill({ unit, figure })}
          />
        ))}
      </Space>
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <DistrictHeat />
      <Card
        title={<PageHeading title={t('rank.title')} hint={t('rank.hint')} />}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void monthly.refetch()}
            loading={monthly.isFetching}
          >
            {tApp('app.refresh')}
          </Button>
        }
      >
        <Space wrap size={12} style={{ marginBottom: 16 }}>
          <DatePicker
            picker="month"
            aria-label={t('rank.month')}
            value={month}
            allowClear={false}
            onChange={(v) => v && setPicked(v)}
          />
          {view && (
            <>
              <Tag color={view.status === 'published' ? 'green' : 'gold'}>
                {t('rank.revision', { n: view.revision })} · {t(`rank.status.${view.status}`)}
              </Tag>
              <Typography.Text type="secondary">
                {formatTime(view.publishedAt ?? view.reviewedAt ?? view.computedAt)}
              </Typography.Text>
            </>
          )}
          {assessor && (
            <>
              <Button
                icon={<CalculatorOutlined />}
                loading={busy === 'compute'}
                onClick={() => void step('compute')}
              >
                {t('rank.compute')}
              </Button>
              <Button
                icon={<CheckOutlined />}
                disabled={view?.status !== 'computed'}
                loading={busy === 'review'}
                onClick={() => void step('review')}
              >
                {t('rank.review')}
              </Button>
              <Popconfirm
                title={t('rank.publishConfirm')}
                okText={tApp('app.confirm')}
                cancelText={tApp('app.cancel')}
                onConfirm={() => step('publish')}
                disabled={view?.status !== 'reviewed'}
              >
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={view?.status !== 'reviewed'}
                  loading={busy === 'publish'}
                >
                  {t('rank.publish')}
                </Button>
              </Popconfirm>
            </>
          )}
          {view && (
            <>
              <Button
                icon={<FileWordOutlined />}
                loading={busy === 'bulletin.docx'}
                onClick={() => void download('bulletin.docx', view)}
              >
                {t('rank.bulletinDocx')}
              </Button>
              <Button
                icon={<FilePdfOutlined />}
                loading={busy === 'bulletin.pdf'}
                onClick={() => void download('bulletin.pdf', view)}
              >
                {t('rank.bulletinPdf')}
              </Button>
              <Button
                icon={<FileExcelOutlined />}
                loading={busy === 'statistics.xlsx'}
                onClick={() => void download('statistics.xlsx', view)}
              >
                {t('rank.statistics')}
              </Button>
            </>
          )}
        </Space>
        {body}
      </Card>
      {drill && view && (
        <DrillModal
          month={m}
          revision={view.revision}
          drill={drill}
          title={t('rank.drill.title', {
            unit: lang === 'en' ? drill.unit.code : drill.unit.name,
            figure: figureName(drill.figure),
          })}
          onClose={() => setDrill(null)}
        />
      )}
    </Space>
  );
}

function GroupTable({
  group,
  units,
  onDrill,
}: {
  group: PeerGroup;
  units: UnitFigures[];
  onDrill(unit: UnitFigures, figure: Figure): void;
}) {
  const t = useSupervisionT();
  const sorted = [...units].sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code),
  );
  const figure = (f: Figure, value: (u: UnitFigures) => number) => ({
    width: 90,
    align: 'right' as const,
    render: (_: unknown, u: UnitFigures) => {
      const n = value(u);
      return n > 0 ? (
        <a onClick={() => onDrill(u, f)} data-figure={f}>
          {n}
        </a>
      ) : (
        <span style={{ color: '#bbb' }}>0</span>
      );
    },
  });
  const rate = (k: keyof Rates) => ({
    width: 100,
    align: 'right' as const,
    render: (_: unknown, u: UnitFigures) => percent(u.rates[k]),
  });
  const columns: ColumnsType<UnitFigures> = [
    {
      title: t('rank.rank'),
      key: 'rank',
      width: 110,
      render: (_: unknown, u) =>
        u.rank === null ? (
          <Typography.Text type="secondary">{t('rank.unranked')}</Typography.Text>
        ) : (
          <Space size={4}>
            <b>{u.rank}</b>
            <Typography.Text type="secondary">/ {u.groupSize}</Typography.Text>
            {u.bottomThree && <Tag color="red">{t('rank.bottom')}</Tag>}
          </Space>
        ),
    },
    { title: t('rank.unit'), dataIndex: 'name', ellipsis: true },
    {
      title: t('rank.composite'),
      dataIndex: 'composite',
      width: 100,
      align: 'right',
      render: (c: number | null) => (c === null ? '—' : c.toFixed(2)),
    },
    { title: t('rank.volume'), key: 'volume', ...figure('received', (u) => u.volume) },
    { title: t('rank.feedback'), key: 'feedback', ...rate('feedback') },
    { title: t('rank.satisfaction'), key: 'satisfaction', ...rate('satisfaction') },
    { title: t('rank.onTime'), key: 'onTime', ...rate('onTime') },
    { title: t('rank.overdue'), key: 'overdue', ...figure('overdue', (u) => both(u, 'overdue')) },
    { title: t('rank.returns'), key: 'returns', ...figure('returns', (u) => both(u, 'returns')) },
    {
      title: t('rank.supervisions'),
      key: 'supervisions',
      ...figure('supervisions', (u) => both(u, 'supervisions')),
    },
  ];
  return (
    <div>
      <Typography.Title level={5}>{t(`rank.group.${group}`)}</Typography.Title>
      <Table<UnitFigures>
        rowKey="unitId"
        size="small"
        columns={columns}
        dataSource={sorted}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <EmptyView text={t('rank.groupEmpty')} /> }}
        pagination={sorted.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        rowClassName={(u) => (u.bottomThree ? 'rank-bottom' : '')}
      />
    </div>
  );
}

function DrillModal({
  month,
  revision,
  drill,
  title,
  onClose,
}: {
  month: string;
  revision: number;
  drill: Drill;
  title: string;
  onClose(): void;
}) {
  const t = useSupervisionT();
  const { t: tApp } = useI18n();
  const paging = usePaging();
  const query = {
    unitId: drill.unit.unitId,
    figure: drill.figure,
    revision,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const list = useQuery({
    queryKey: ['assessment', 'drill-down', month, query],
    queryFn: () => supervisionApi.drillDown(month, query),
  });
  const columns: ColumnsType<DrillDownView['items'][number]> = [
    {
      title: t('rank.drill.code'),
      dataIndex: 'code',
      render: (code: string, r) => <Link to={`/tickets/${r.ticketId}`}>{code}</Link>,
    },
    {
      title: t('rank.drill.urgency'),
      dataIndex: 'urgency',
      width: 90,
      render: (u: 'urgent' | 'general') => <UrgencyTag urgency={u} />,
    },
    {
      title: t('rank.drill.action'),
      dataIndex: 'action',
      width: 130,
      render: (a: string) => labelOr(tApp, `action.${a}`, a),
    },
    { title: t('rank.drill.at'), dataIndex: 'at', width: 150, render: (v: string) => formatTime(v) },
  ];
  return (
    <Modal open title={title} footer={null} onCancel={onClose} width={720} destroyOnHidden>
      <PagedTable<DrillDownView['items'][number]>
        list={list}
        paging={paging}
        total={(n) => t('rank.drill.total', { n })}
        empty={t('rank.drill.empty')}
        rowKey={(r) => `${r.ticketId}-${r.eventId ?? 'case'}-${r.at}`}
        columns={columns}
      />
    </Modal>
  );
}
