/**
 * 时限政策版本 (R11.1): every version with its values, which one is in force, and a revision form that sends
 * only the values changed, checked with the shared schema before it goes.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { createPolicyBody } from '../../../shared/schemas/policy.js';
import { api, type PolicyData, type PolicyVersionView } from '../api';
import { ErrorView, LoadingView } from '../components/StateViews';
import { FormModal } from '../components/FormModal';
import { useI18n } from '../i18n';
import { formatTime, pickerToIso } from '../time';
import { useQuery } from '@tanstack/react-query';
import { showFieldErrors } from '../form-errors';
import { setZodLocale } from '../zod-locale';
import { useAdminT, type AdminKey } from './admin-i18n';
import { PageHeading } from '../components/PageParts';

type ScalarKey = Exclude<keyof PolicyData, 'scoreWeights'>;
type WeightKey = keyof PolicyData['scoreWeights'];

/** The form's fields in the order a reader thinks of them, with their input steps. */
const SCALARS: { key: ScalarKey; step: number; precision: number }[] = [
  { key: 'urgentCompleteHours', step: 1, precision: 2 },
  { key: 'urgentWarnBeforeHours', step: 0.5, precision: 2 },
  { key: 'returnWindowUrgentHours', step: 0.5, precision: 2 },
  { key: 'generalVerifyHours', step: 1, precision: 2 },
  { key: 'generalCompleteWorkingDays', step: 1, precision: 0 },
  { key: 'returnWindowGeneralWorkingDays', step: 1, precision: 0 },
  { key: 'revisitSampleRate', step: 0.05, precision: 2 },
  { key: 'revisitMaxAttempts', step: 1, precision: 0 },
  { key: 'reopenWindowDays', step: 1, precision: 0 },
  { key: 'urgentWeight', step: 0.5, precision: 2 },
];
const WEIGHTS: WeightKey[] = ['feedback', 'satisfaction', 'onTime'];

const label = (k: ScalarKey): AdminKey => `pol.field.${k}`;

/**
 * The server's "now" when the page loaded (it follows a test clock). Not the browser's time of day: a version that
 * took effect at the server's 15:00 must show as in force even where the browser's clock says 06:00.
 */
function serverNow(now: string | undefined): Dayjs {
  return now ? dayjs(now) : dayjs();
}

function inForce(versions: PolicyVersionView[], now: Dayjs): PolicyVersionView | undefined {
  return [...versions]
    .filter((v) => !dayjs(v.effectiveFrom).isAfter(now))
    .sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom) || b.version - a.version)[0];
}

export default function PoliciesPage() {
  const t = useAdminT();
  const { t: tApp } = useI18n();
  const data = useQuery({
    queryKey: ['policies'],
    queryFn: async () => {
      const [versions, status] = await Promise.all([api.policies(), api.calendarStatus().catch(() => null)]);
      return { versions, now: status?.now };
    },
  });
  const [editing, setEditing] = useState(false);

  const now = serverNow(data.data?.now);
  const current = data.data ? inForce(data.data.versions, now) : undefined;

  const columns: ColumnsType<PolicyVersionView> = [
    { title: t('pol.version'), dataIndex: 'version', width: 90, render: (v: number) => `v${v}` },
    {
      title: t('pol.state'),
      key: 'state',
      width: 110,
      render: (_: unknown, r) =>
        r.version === current?.version ? (
          <Tag color="green">{t('pol.inForce')}</Tag>
        ) : dayjs(r.effectiveFrom).isAfter(now) ? (
          <Tag color="blue">{t('pol.pending')}</Tag>
        ) : (
          <Tag>{t('pol.past')}</Tag>
        ),
    },
    {
      title: t('pol.effectiveFrom'),
      dataIndex: 'effectiveFrom',
      width: 170,
      render: (v: string) => formatTime(v),
    },
    { title: t('pol.note'), dataIndex: 'note', ellipsis: true, render: (n: string | null) => n ?? '—' },
    { title: t('pol.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v) },
  ];

  if (data.isFetching && !data.data) return <LoadingView />;
  if (!data.data) return <ErrorView error={data.error} onRetry={() => void data.refetch()} />;
  const versions = [...data.data.versions].sort((a, b) => b.version - a.version);

  return (
    <Card
      title={<PageHeading title={t('pol.title')} hint={t('pol.hint')} />}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void data.refetch()} loading={data.isFetching}>
            {tApp('app.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)} disabled={!current}>
            {t('pol.new')}
          </Button>
        </Space>
      }
    >
      <Table<PolicyVersionView>
        rowKey="version"
        size="middle"
        columns={columns}
        dataSource={versions}
        pagination={versions.length > 20 ? { pageSize: 20 } : false}
        // A phone scrolls the table inside its card, never the page.
        scroll={{ x: 'max-content' }}
        expandable={{
          defaultExpandedRowKeys: current ? [current.version] : [],
          expandedRowRender: (r) => <PolicyValues data={r.data} compareTo={current?.data} />,
        }}
      />
      {editing && current && (
        <RevisionModal
          current={current}
          onClose={() => setEditing(false)}
          onCreated={() => {
            setEditing(false);
            void data.refetch();
          }}
        />
      )}
    </Card>
  );
}

function PolicyValues({ data, compareTo }: { data: PolicyData; compareTo?: PolicyData }) {
  const t = useAdminT();
  const differs = (a: unknown, b: unknown) => compareTo !== undefined && a !== b;
  const mark = (changed: boolean, text: string | number) =>
    changed ? (
      <Typography.Text mark title={t('pol.changed')}>
        {text}
      </Typography.Text>
    ) : (
      text
    );
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      items={[
        ...SCALARS.map(({ key }) => ({
          key,
          label: t(label(key)),
          children: mark(differs(data[key], compareTo?.[key]), data[key]),
        })),
        {
          key: 'weights',
          label: t('pol.field.scoreWeights'),
          children: WEIGHTS.map((w) =>
            mark(differs(data.scoreWeights[w], compareTo?.scoreWeights[w]), data.scoreWeights[w]),
          ).reduce<ReactNode[]>((acc, x, i) => (i ? [...acc, ' / ', x] : [x]), []),
        },
      ]}
    />
  );
}

type FormValues = Omit<PolicyData, 'scoreWeights'> & {
  scoreWeights: PolicyData['scoreWeights'];
  effectiveFrom?: Dayjs;
  note?: string;
};

function RevisionModal({
  current,
  onClose,
  onCreated,
}: {
  current: PolicyVersionView;
  onClose(): void;
  onCreated(): void;
}) {
  const t = useAdminT();
  const { t: tApp, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm(); // untyped store: error paths come from zod issues as string[]
  const initialValues = useMemo<FormValues>(() => ({ ...current.data }), [current]);

  const submit = async () => {
    const v = form.getFieldsValue(true) as FormValues;
    const changes: Partial<PolicyData> = {};
    for (const { key } of SCALARS) {
      if (v[key] !== current.data[key] && v[key] !== null && v[key] !== undefined) {
        (changes as Record<string, unknown>)[key] = v[key];
      }
    }
    if (WEIGHTS.some((w) => v.scoreWeights[w] !== current.data.scoreWeights[w])) {
      changes.scoreWeights = { ...v.scoreWeights };
    }
    if (Object.keys(changes).length === 0) throw new Error(t('pol.noChange'));
    const body = {
      changes,
      effectiveFrom: v.effectiveFrom ? pickerToIso(v.effectiveFrom) : undefined,
      note: v.note ?? '',
    };
    setZodLocale(lang);
    const parsed = createPolicyBody.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((i) => ({ name: fieldPath(i.path.map(String)), message: i.message })),
      );
      return;
    }
    const created = await api.createPolicy(body);
    void message.success(t('pol.created', { v: created.version }));
    onCreated();
  };

  return (
    <FormModal
      title={t('pol.new.title')}
      form={form}
      initialValues={initialValues}
      onSubmit={submit}
      onClose={onClose}
      okText={tApp('app.submit')}
      width={760}
      fieldName={(field) => fieldPath(field.split('.'))}
      intro={
        <Typography.Paragraph type="secondary">
          {t('pol.new.hint', { v: current.version })}
        </Typography.Paragraph>
      }
    >
      <Row gutter={16}>
        {SCALARS.map(({ key, step, precision }) => (
          <Col xs={24} sm={12} key={key}>
            <Form.Item name={key} label={t(label(key))}>
              <InputNumber min={0} step={step} precision={precision} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item label={t('pol.field.scoreWeights')} style={{ marginBottom: 0 }}>
        <Row gutter={16}>
          {WEIGHTS.map((w) => (
            <Col span={8} key={w}>
              <Form.Item name={['scoreWeights', w]} label={t(`pol.field.scoreWeights.${w}`)}>
                <InputNumber min={0} max={1} step={0.05} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form.Item>
      <Form.Item name="effectiveFrom" label={t('pol.effectiveFrom')} extra={t('pol.effectiveFrom.hint')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 240 }} />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('pol.note')}
        rules={[{ required: true, message: t('pol.required.note') }]}
      >
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}

/** A body path (changes.scoreWeights.onTime, note …) → the form field that shows its error. */
function fieldPath(path: string[]): string[] {
  const p = path[0] === 'changes' ? path.slice(1) : path;
  // A refine on the weights object (their sum) lands on the first weight.
  if (p.length === 1 && p[0] === 'scoreWeights') return ['scoreWeights', 'feedback'];
  return p.length ? p : ['note'];
}
