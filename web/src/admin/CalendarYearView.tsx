/**
 * The loaded days of one year at a glance: twelve month grids, holidays and shifted working days marked with
 * their names, so the administrator sees what an import (or a single-day edit) produced.
 */
import { Alert, Card, Col, InputNumber, Row, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { request } from '../api';
import type { CalendarYearDays } from '../../../shared/schemas/calendar.js';
import { ErrorView, LoadingView } from '../components/StateViews';
import { useQuery } from '@tanstack/react-query';
import { useAdminT } from './admin-i18n';

const HOLIDAY = { background: '#fff1f0', color: '#cf1322', border: '1px solid #ffa39e' };
const WORKDAY = { background: '#e6f4ff', color: '#0958d9', border: '1px solid #91caff' };

export function CalendarYearView({ initialYear, version }: { initialYear: number; version: number }) {
  const t = useAdminT();
  const [year, setYear] = useState(initialYear);
  const data = useQuery({
    queryKey: ['calendar', 'year', year, version],
    queryFn: () => request<CalendarYearDays>('GET', `/api/v1/calendar/years/${year}/days`),
  });
  const days = new Map((data.data?.days ?? []).map((d) => [d.date, d]));
  const holidays = data.data?.days.filter((d) => d.kind === 'holiday').length ?? 0;
  const workdays = (data.data?.days.length ?? 0) - holidays;

  return (
    <Card
      title={t('cal.view.title')}
      extra={
        <InputNumber
          aria-label={t('cal.year')}
          min={2000}
          max={2100}
          precision={0}
          value={year}
          onChange={(v) => v && setYear(v)}
          style={{ width: 110 }}
        />
      }
      data-testid="calendar-year-view"
    >
      <Typography.Paragraph type="secondary">{t('cal.view.hint')}</Typography.Paragraph>
      {data.isPending && <LoadingView />}
      {data.isError && !data.data && <ErrorView error={data.error} onRetry={() => void data.refetch()} />}
      {data.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {!data.data.loaded && (
            <Alert type="warning" showIcon title={t('cal.view.notLoaded', { year: data.data.year })} />
          )}
          <Typography.Text>
            {t('cal.view.counts', { holidays, workdays })}
            {data.data.source && (
              <Typography.Text type="secondary">
                {' · '}
                {t('cal.view.source', { source: sourceText(data.data.source, t) })}
              </Typography.Text>
            )}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            {Array.from({ length: 12 }, (_, m) => (
              <Col xs={24} sm={12} md={8} xl={6} key={m}>
                <Month year={data.data?.year ?? year} month={m} days={days} />
              </Col>
            ))}
          </Row>
        </Space>
      )}
    </Card>
  );
}

function Month({
  year,
  month,
  days,
}: {
  year: number;
  month: number;
  days: Map<string, CalendarYearDays['days'][number]>;
}) {
  const t = useAdminT();
  const first = new Date(Date.UTC(year, month, 1));
  const count = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const cells: (number | null)[] = [
    ...Array<null>(lead).fill(null),
    ...Array.from({ length: count }, (_, i) => i + 1),
  ];
  const mm = String(month + 1).padStart(2, '0');
  return (
    <div data-testid={`calendar-month-${month + 1}`}>
      <Typography.Text strong>{t('cal.view.month', { month: month + 1 })}</Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4 }}>
        {t('cal.view.weekdays')
          .split(',')
          .map((w) => (
            <div key={w} style={{ textAlign: 'center', fontSize: 11, color: '#8c8c8c' }}>
              {w}
            </div>
          ))}
        {cells.map((d, i) => {
          if (d === null) return <div key={`e${i}`} />;
          const date = `${year}-${mm}-${String(d).padStart(2, '0')}`;
          const special = days.get(date);
          const weekend = (lead + d - 1) % 7 >= 5;
          const style = special
            ? special.kind === 'holiday'
              ? HOLIDAY
              : WORKDAY
            : { color: weekend ? '#bfbfbf' : undefined, border: '1px solid transparent' };
          const cell = (
            <div
              key={date}
              data-date={date}
              data-kind={special?.kind}
              style={{ ...style, textAlign: 'center', fontSize: 12, borderRadius: 4, lineHeight: '22px' }}
            >
              {d}
            </div>
          );
          return special ? (
            <Tooltip key={date} title={`${date} ${special.name}`}>
              {cell}
            </Tooltip>
          ) : (
            cell
          );
        })}
      </div>
    </div>
  );
}

/** "import:json by admin" as words: "由 admin 导入（JSON）". */
function sourceText(source: string, t: ReturnType<typeof useAdminT>): string {
  const m = /^import:(\w+) by (.+)$/.exec(source);
  return m ? t('cal.view.imported', { format: (m[1] ?? '').toUpperCase(), user: m[2] ?? '' }) : source;
}
