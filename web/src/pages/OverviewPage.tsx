/**
 * The leaders' overview: how many tickets are in each status, and how many are overdue — totals from the list
 * endpoint (pageSize=1), so it shows exactly what the viewer may see — then, for those who follow every ticket,
 * volume over time by channel and category and the units holding the most open and overdue tickets.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { TICKET_STATUSES, type TicketStatus } from '../../../shared/enums.js';
import { api } from '../api';
import { EChart, type ChartOption } from '../components/EChart';
import { ErrorView, LoadingView } from '../components/StateViews';
import { useI18n } from '../i18n';
import { may } from '../nav';
import { navigate } from '../router';
import { useSession } from '../session';
import { useQuery } from '@tanstack/react-query';
import { OverviewTrends } from './OverviewTrends';

const OPEN: readonly TicketStatus[] = ['dispatched', 'accepted', 'returned', 'planned', 'supervising'];

export default function OverviewPage() {
  const { t } = useI18n();
  const { user } = useSession();
  // The city-wide counts are for those who follow every ticket (R8.1); an admin handles none.
  const citywide = may(user, 'overview.citywide');
  const counts = useQuery({
    queryKey: ['tickets', 'overview-counts'],
    queryFn: async () => {
      const [byStatus, overdue] = await Promise.all([
        Promise.all(
          TICKET_STATUSES.map((status) => api.listTickets({ status, pageSize: 1 }).then((r) => r.total)),
        ),
        api.listTickets({ overdue: 'true', pageSize: 1 }).then((r) => r.total),
      ]);
      return { byStatus: TICKET_STATUSES.map((s, i) => ({ status: s, n: byStatus[i] ?? 0 })), overdue };
    },
  });

  const option = useMemo<ChartOption | null>(
    () =>
      counts.data
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 48, right: 16, top: 24, bottom: 32 },
            xAxis: { type: 'category', data: counts.data.byStatus.map((x) => t(`status.${x.status}`)) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              {
                type: 'bar',
                name: t('overview.count'),
                data: counts.data.byStatus.map((x) => x.n),
                itemStyle: { color: '#1677ff' },
                barMaxWidth: 48,
                label: { show: true, position: 'top' },
              },
            ],
          }
        : null,
    [counts.data, t],
  );

  if (counts.isFetching && !counts.data) return <LoadingView />;
  if (!counts.data || !option)
    return <ErrorView error={counts.error} onRetry={() => void counts.refetch()} />;
  const total = counts.data.byStatus.reduce((a, x) => a + x.n, 0);
  const open = counts.data.byStatus.filter((x) => OPEN.includes(x.status)).reduce((a, x) => a + x.n, 0);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('overview.title')}
          </Typography.Title>
        }
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void counts.refetch()} loading={counts.isFetching}>
            {t('app.refresh')}
          </Button>
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Statistic title={t('overview.total')} value={total} />
          </Col>
          <Col xs={24} sm={8}>
            <Statistic title={t('overview.open')} value={open} />
          </Col>
          <Col xs={24} sm={8}>
            <a onClick={() => navigate('/tickets')}>
              <Statistic
                title={t('overview.overdue')}
                value={counts.data.overdue}
                styles={{ content: { color: counts.data.overdue ? '#cf1322' : undefined } }}
              />
            </a>
          </Col>
        </Row>
      </Card>
      <Card title={t('overview.byStatus')}>
        <EChart option={option} />
      </Card>
      {citywide && <OverviewTrends />}
    </Space>
  );
}
