/**
 * The leaders' heat view: requests registered per district and week (or first-level category), as an
 * ECharts heat grid — there is no offline map of the city, and a grid reads the same. Counts only.
 */
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { Card, DatePicker, Segmented, Space, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { EChart, type ChartOption } from '../components/EChart';
import { EmptyView, ErrorView, LoadingView } from '../components/StateViews';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { ZONE } from '../time';
import { useQuery } from '@tanstack/react-query';
import { supervisionApi, type DistrictStatsBy, type DistrictStatsView } from './supervision-api';
import { useSupervisionT } from './supervision-i18n';

echarts.use([HeatmapChart, VisualMapComponent]);

/** A Shanghai calendar day as the instant it starts, ISO with +08:00. */
const dayStart = (d: Dayjs) => dayjs.tz(d.format('YYYY-MM-DD'), ZONE).format();

export function DistrictHeat() {
  const t = useSupervisionT();
  const { lang } = useI18n();
  const { names } = useReference();
  const [by, setBy] = useState<DistrictStatsBy>('week');
  // Until a period is picked the server chooses: the last eight weeks by its clock (the test clock in demos).
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const query = range ? { by, from: dayStart(range[0]), to: dayStart(range[1].add(1, 'day')) } : { by };
  const stats = useQuery({
    queryKey: ['stats', 'districts', query],
    queryFn: () => supervisionApi.districtStats(query),
  });
  const shown: [Dayjs, Dayjs] | null =
    range ??
    (stats.data
      ? [dayjs(stats.data.from).tz(ZONE), dayjs(stats.data.to).subtract(1, 'millisecond').tz(ZONE)]
      : null);

  const option = useMemo(
    () =>
      stats.data
        ? heatOption(stats.data, {
            row: (d) => (lang === 'en' && d.nameEn ? d.nameEn : d.nameZh),
            column: (c) =>
              by === 'week' ? c.slice(5) : c === '' ? t('heat.uncategorised') : names.category(c),
            columnTitle: (c) => (by === 'week' ? t('heat.weekOf', { date: c }) : names.category(c)),
            seriesName: t('heat.count'),
          })
        : null,
    [stats.data, by, lang, names, t],
  );

  return (
    <Card
      title={t('heat.title')}
      extra={
        <Space wrap>
          <Segmented<DistrictStatsBy>
            value={by}
            onChange={setBy}
            options={(['week', 'category'] as const).map((b) => ({ value: b, label: t(`heat.by.${b}`) }))}
          />
          <DatePicker.RangePicker
            aria-label={t('heat.range')}
            value={shown}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
            }}
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('heat.hint')}</Typography.Paragraph>
      {stats.isFetching && !stats.data ? (
        <LoadingView />
      ) : !stats.data || !option ? (
        <ErrorView error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <Statistic title={t('heat.count')} value={stats.data.total} suffix={lang === 'zh' ? '件' : ''} />
          {stats.data.total === 0 ? (
            <EmptyView text={t('heat.empty')} />
          ) : (
            <div data-testid="district-heat">
              <EChart option={option} height={Math.max(260, stats.data.districts.length * 26 + 90)} />
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function heatOption(
  v: DistrictStatsView,
  label: {
    row(d: DistrictStatsView['districts'][number]): string;
    column(c: string): string;
    columnTitle(c: string): string;
    seriesName: string;
  },
): ChartOption {
  const rowIndex = new Map(v.districts.map((d, i) => [d.code, i]));
  const colIndex = new Map(v.columns.map((c, i) => [c, i]));
  const data = v.cells.flatMap((c) => {
    const x = colIndex.get(c.column);
    const y = rowIndex.get(c.district);
    return x === undefined || y === undefined ? [] : [[x, y, c.count]];
  });
  const max = Math.max(1, ...v.cells.map((c) => c.count));
  return {
    tooltip: {
      position: 'top',
      formatter: (p: { data: [number, number, number] }) => {
        const [x, y, n] = p.data;
        const d = v.districts[y];
        return `${d ? label.row(d) : ''}<br/>${label.columnTitle(v.columns[x] ?? '')}：<b>${n}</b>`;
      },
    },
    grid: { left: 8, right: 24, top: 16, bottom: 64, containLabel: true },
    xAxis: {
      type: 'category',
      data: v.columns.map(label.column),
      splitArea: { show: true },
      axisLabel: { interval: 0, rotate: v.columns.length > 8 ? 30 : 0 },
    },
    yAxis: { type: 'category', data: v.districts.map(label.row), splitArea: { show: true }, inverse: true },
    visualMap: {
      min: 0,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#f0f5ff', '#85a5ff', '#1d39c4', '#a8071a'] },
    },
    series: [
      {
        name: label.seriesName,
        type: 'heatmap',
        data,
        label: { show: true, formatter: (p: { data: number[] }) => String(p.data[2] || '') },
        emphasis: { itemStyle: { shadowBlur: 8, shadowColor: 'rgba(0,0,0,0.4)' } },
      },
    ],
  };
}
