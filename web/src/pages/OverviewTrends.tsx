/**
 * The leaders' dashboard charts (R8.1): requests per week by channel and by first-level category
 * over the last eight weeks, and the units holding the most open tickets with their overdue ones — counts
 * only, from GET /api/v1/stats/overview.
 */
import { LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { Card, Col, Row, Statistic } from 'antd';
import { useMemo } from 'react';
import type { OverviewStatsView } from '../../../shared/schemas/stats.js';
import type { RequestType } from '../../../shared/enums.js';
import { http } from '../api';
import { EChart, type ChartOption } from '../components/EChart';
import { EmptyView, ErrorView, LoadingView } from '../components/StateViews';
import { useI18n, type Translate } from '../i18n';
import { useReference, type Names } from '../reference';
import { useQuery } from '@tanstack/react-query';

echarts.use([LineChart, LegendComponent]);

/** At most this many lines per chart; the rest are summed as "other". */
const MAX_SERIES = 6;

function trend(
  v: OverviewStatsView,
  series: OverviewStatsView['byChannel'],
  label: (key: string) => string,
  t: Translate,
): ChartOption {
  const shown = series.slice(0, MAX_SERIES);
  const rest = series.slice(MAX_SERIES);
  const lines = rest.length
    ? [
        ...shown,
        {
          key: t('overview.other'),
          counts: v.weeks.map((_, i) => rest.reduce((a, s) => a + (s.counts[i] ?? 0), 0)),
        },
      ]
    : shown;
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: v.weeks.map((w) => w.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: lines.map((s) => ({
      type: 'line',
      name: s === lines[MAX_SERIES] ? s.key : label(s.key),
      data: s.counts,
      smooth: true,
    })),
  };
}

function unitsChart(v: OverviewStatsView, names: Names, t: Translate): ChartOption {
  const units = [...v.units].reverse(); // the largest at the top of a horizontal bar chart
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 150, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: units.map((u) => names.unit(u.unitId)) },
    series: [
      {
        type: 'bar',
        name: t('overview.unitOpen'),
        data: units.map((u) => u.open),
        itemStyle: { color: '#1677ff' },
      },
      {
        type: 'bar',
        name: t('overview.unitOverdue'),
        data: units.map((u) => u.overdue),
        itemStyle: { color: '#cf1322' },
      },
    ],
  };
}

export function OverviewTrends() {
  const { t } = useI18n();
  const ref = useReference();
  const stats = useQuery({
    queryKey: ['stats', 'overview'],
    queryFn: () => http.get<OverviewStatsView>('/api/v1/stats/overview'),
  });
  const charts = useMemo(() => {
    const v = stats.data;
    if (!v || !ref.data) return null;
    const categoryName = (code: string) => (code ? ref.names.category(code) : t('overview.uncategorised'));
    return {
      channel: trend(v, v.byChannel, (k) => ref.names.channel(k), t),
      category: trend(v, v.byCategory, categoryName, t),
      requestType: trend(v, v.byRequestType, (k) => t(`requestType.${k as RequestType}`), t),
      units: unitsChart(v, ref.names, t),
    };
  }, [stats.data, ref.data, ref.names, t]);

  if ((stats.isFetching && !stats.data) || (ref.loading && !ref.data)) return <LoadingView />;
  if (!stats.data) return <ErrorView error={stats.error} onRetry={() => void stats.refetch()} />;
  if (!charts) return <ErrorView error={ref.error} onRetry={ref.reload} />;
  const empty = stats.data.byChannel.length === 0;
  const taken = stats.data.suggestions;
  const pct = (n: number) => Math.round((n / Math.max(1, taken.decided)) * 1000) / 10;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card title={t('overview.suggestions')} data-testid="overview-suggestions">
          {taken.decided === 0 ? (
            <EmptyView text={t('overview.noSuggestions')} />
          ) : (
            <Row gutter={16}>
              <Col xs={24} sm={8}>
                <Statistic title={t('overview.suggestionFirst')} value={pct(taken.first)} suffix="%" />
              </Col>
              <Col xs={24} sm={8}>
                <Statistic title={t('overview.suggestionTop3')} value={pct(taken.top3)} suffix="%" />
              </Col>
              <Col xs={24} sm={8}>
                <Statistic title={t('overview.suggestionDecided')} value={taken.decided} />
              </Col>
            </Row>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('overview.byChannel')} data-testid="overview-by-channel">
          {empty ? <EmptyView text={t('overview.noRequests')} /> : <EChart option={charts.channel} />}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('overview.byCategory')}>
          {empty ? <EmptyView text={t('overview.noRequests')} /> : <EChart option={charts.category} />}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card
          title={t('overview.byRequestType')}
          extra={`${t('overview.answeredAtIntake')}：${stats.data.answeredAtIntake}`}
          data-testid="overview-by-request-type"
        >
          {empty ? <EmptyView text={t('overview.noRequests')} /> : <EChart option={charts.requestType} />}
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('overview.byUnit')}>
          {stats.data.units.length ? (
            <EChart option={charts.units} height={Math.max(200, 40 + stats.data.units.length * 28)} />
          ) : (
            <EmptyView text={t('overview.noOpen')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
