/**
 * 工作日历: which years are loaded (and a warning when next year is missing), import a year from
 * a file read in the browser (JSON, CSV or iCalendar) with the server's per-line errors, and change one day.
 */
import {
  CalendarOutlined,
  DeleteOutlined,
  InboxOutlined,
  ReloadOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ApiError, type CalendarDayKind, type CalendarFormat } from '../api';
import { ErrorView, errorText, LoadingView } from '../components/StateViews';
import { useI18n } from '../i18n';
import { useQuery } from '@tanstack/react-query';
import { useAdminT } from './admin-i18n';
import { CalendarYearView } from './CalendarYearView';

const MAX_CONTENT = 200_000;
const FORMATS: CalendarFormat[] = ['csv', 'json', 'ics'];

const EXAMPLES: Record<CalendarFormat, string> = {
  csv: '日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,休,春节\n2027-02-14,班,春节补班',
  json: '{"year": 2027, "days": [\n  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},\n  {"name": "春节", "date": "2027-02-14", "isOffDay": false}\n]}',
  ics: 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nDTEND;VALUE=DATE:20270102\nSUMMARY:元旦 休\nEND:VEVENT\nEND:VCALENDAR',
};

interface Problem {
  key: number;
  line: number | null;
  message: string;
}

export default function CalendarPage() {
  const t = useAdminT();
  const { t: tApp } = useI18n();
  const status = useQuery({ queryKey: ['calendar', 'status'], queryFn: () => api.calendarStatus() });
  const [version, setVersion] = useState(0);
  const changed = () => {
    setVersion((v) => v + 1);
    void status.refetch();
  };

  if (status.isFetching && !status.data) return <LoadingView />;
  if (!status.data) return <ErrorView error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  const year = Number(s.today.slice(0, 4));
  const missing = [year, year + 1].filter((y) => !s.years.includes(y));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space orientation="vertical" size={0} style={{ padding: '12px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              <CalendarOutlined /> {t('cal.title')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', whiteSpace: 'normal' }}>
              {t('cal.hint')}
            </Typography.Text>
          </Space>
        }
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void status.refetch()} loading={status.isFetching}>
            {tApp('app.refresh')}
          </Button>
        }
      >
        {s.warnings.map((w) => (
          <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 12 }} />
        ))}
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'today', label: t('cal.today'), children: s.today },
            {
              key: 'years',
              label: t('cal.loaded'),
              children: (
                <Space size={[4, 4]} wrap data-testid="calendar-years">
                  {s.years.length === 0 && (
                    <Typography.Text type="secondary">{t('cal.none')}</Typography.Text>
                  )}
                  {s.years.map((y) => (
                    <Tag key={y} color={y >= year ? 'blue' : 'default'}>
                      {y}
                    </Tag>
                  ))}
                  {missing.map((y) => (
                    <Tag key={`m${y}`} color="warning">
                      {t('cal.missing', { year: y })}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
        {missing.length === 0 && !s.warnings.length && (
          <Typography.Text type="success">{t('cal.allGood')}</Typography.Text>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ImportCard defaultYear={missing[0] ?? year + 1} onImported={changed} />
        </Col>
        <Col xs={24} xl={10}>
          <DayCard onChanged={changed} />
        </Col>
      </Row>
      <CalendarYearView initialYear={year} version={version} />
    </Space>
  );
}

function ImportCard({ defaultYear, onImported }: { defaultYear: number; onImported(): void }) {
  const t = useAdminT();
  const { t: tApp } = useI18n();
  const [form] = Form.useForm<{ year: number; format: CalendarFormat; content: string }>();
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<
    { ok: true; text: string } | { ok: false; text: string; problems: Problem[] } | null
  >(null);

  const readFile = async (file: File) => {
    const ext = file.name.split('.').pop()?.toLowerCase();
    const format = FORMATS.find((f) => f === ext);
    const content = await file.text();
    form.setFieldsValue({ content, ...(format ? { format } : {}) });
    setFileName(file.name);
    setOutcome(null);
    // A year in the file name (e.g. 2027.ics) is very likely the year meant.
    const y = /(20\d\d)/.exec(file.name)?.[1];
    if (y) form.setFieldValue('year', Number(y));
  };

  const submit = async (v: { year: number; format: CalendarFormat; content: string }) => {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await api.importCalendarYear(v.year, v.format, v.content);
      setOutcome({
        ok: true,
        text: t('cal.import.done', { year: r.year, days: r.days, n: r.recomputedTickets }),
      });
      onImported();
    } catch (e) {
      const problems: Problem[] =
        e instanceof ApiError
          ? e.fields.map((f, i) => {
              const m = /^content:(\d+)$/.exec(f.field);
              const line = m ? Number(m[1]) : null;
              return { key: i, line: line && line > 0 ? line : null, message: f.message };
            })
          : [];
      setOutcome({ ok: false, text: errorText(e, tApp), problems });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('cal.import.title')}>
      <Typography.Paragraph type="secondary">{t('cal.import.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: defaultYear, format: 'csv' }}
        onFinish={(v) => void submit(v)}
        requiredMark={false}
      >
        <Space wrap size="large">
          <Form.Item name="year" label={t('cal.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="format" label={t('cal.format')}>
            <Radio.Group
              optionType="button"
              options={FORMATS.map((f) => ({ value: f, label: f.toUpperCase() }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('cal.file')}>
          <Upload.Dragger
            accept=".csv,.json,.ics,.txt"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void readFile(file);
              return false;
            }}
            data-testid="calendar-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{fileName ?? t('cal.fileHint')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Form.Item
          name="content"
          label={t('cal.content')}
          rules={[{ required: true, whitespace: true, message: t('cal.required.content') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 12 }}
            maxLength={MAX_CONTENT}
            placeholder={t('cal.contentPlaceholder')}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
          />
        </Form.Item>
        <Collapse
          size="small"
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'ex',
              label: t('cal.examples'),
              children: (
                <Row gutter={8}>
                  {FORMATS.map((f) => (
                    <Col xs={24} md={8} key={f}>
                      <Typography.Text strong>{f.toUpperCase()}</Typography.Text>
                      <pre style={{ fontSize: 11, background: '#fafafa', padding: 8, overflowX: 'auto' }}>
                        {EXAMPLES[f]}
                      </pre>
                    </Col>
                  ))}
                </Row>
              ),
            },
          ]}
        />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('cal.import.button')}
        </Button>
      </Form>
      {outcome?.ok && <Alert type="success" showIcon title={outcome.text} style={{ marginTop: 16 }} />}
      {outcome && !outcome.ok && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={outcome.text}
          description={
            outcome.problems.length > 0 && (
              <Table<Problem>
                size="small"
                rowKey="key"
                data-testid="calendar-problems"
                pagination={outcome.problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
                dataSource={outcome.problems}
                columns={[
                  {
                    title: t('cal.line'),
                    dataIndex: 'line',
                    width: 90,
                    render: (l: number | null) => (l === null ? t('cal.lineWhole') : l),
                  },
                  { title: t('cal.problem'), dataIndex: 'message' },
                ]}
              />
            )
          }
        />
      )}
    </Card>
  );
}

function DayCard({ onChanged }: { onChanged(): void }) {
  const t = useAdminT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ date?: Dayjs; kind: CalendarDayKind; name?: string }>();
  const [busy, setBusy] = useState<'save' | 'delete' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async (v: { date?: Dayjs; kind: CalendarDayKind; name?: string }) => {
    if (!v.date) return;
    const date = v.date.format('YYYY-MM-DD');
    setBusy('save');
    setError(null);
    try {
      const r = await api.setCalendarDay(date, { kind: v.kind, name: (v.name ?? '').trim() });
      void message.success(t('cal.day.saved', { date, n: r.recomputedTickets }));
      onChanged();
    } catch (e) {
      setError(errorText(e, tApp));
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    const d = form.getFieldValue('date') as Dayjs | undefined;
    if (!d) {
      form.setFields([{ name: 'date', errors: [t('cal.required.date')] }]);
      return;
    }
    const date = d.format('YYYY-MM-DD');
    setBusy('delete');
    setError(null);
    try {
      const r = await api.deleteCalendarDay(date);
      void message.success(t('cal.day.deleted', { date, n: r.recomputedTickets }));
      onChanged();
    } catch (e) {
      setError(errorText(e, tApp));
    } finally {
      setBusy(null);
    }
  };

  const date = Form.useWatch('date', form);
  return (
    <Card title={t('cal.day.title')}>
      <Typography.Paragraph type="secondary">{t('cal.day.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'holiday' }}
        onFinish={(v) => void save(v)}
        requiredMark={false}
      >
        <Form.Item
          name="date"
          label={t('cal.date')}
          rules={[{ required: true, message: t('cal.required.date') }]}
        >
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="kind" label={t('cal.kind')}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('cal.kind.holiday') },
              { value: 'workday', label: t('cal.kind.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('cal.name')}
          rules={[{ required: true, whitespace: true, message: t('cal.required.name') }]}
        >
          <Input maxLength={50} placeholder={t('cal.name.placeholder')} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy === 'save'}>
            {t('cal.day.save')}
          </Button>
          <Popconfirm
            title={t('cal.day.deleteConfirm', { date: date ? date.format('YYYY-MM-DD') : '' })}
            okText={tApp('app.confirm')}
            cancelText={tApp('app.cancel')}
            onConfirm={() => remove()}
            disabled={!date}
          >
            <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'} disabled={!date}>
              {t('cal.day.delete')}
            </Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}
