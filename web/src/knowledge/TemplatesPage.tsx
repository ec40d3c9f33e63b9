/**
 * 文本模板管理: the global templates (kept by the office) and the units' own (kept by each unit's leader),
 * with what each is for, how often it was filled in and when last — so stale ones can be retired; create, edit,
 * retire and bring back. The server decides who keeps which (`editable`); the office also reads every unit's.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import {
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
  templateBody,
  type TemplateKind,
  type TemplateView,
} from '../../../shared/schemas/knowledge.js';
import { ApiError } from '../api';
import { PageHeading } from '../components/PageParts';
import { EmptyView, ErrorView, errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { useSession } from '../session';
import { formatTime } from '../time';
import { knowledgeApi } from './knowledge-api';
import { useKnowledgeT } from './knowledge-i18n';

/** Not filled in for this long (or never): shown as stale, a candidate to retire. */
export const STALE_DAYS = 90;
const DAY_MS = 86_400_000;

export const isStale = (tpl: Pick<TemplateView, 'lastUsedAt' | 'updatedAt'>, now: number): boolean =>
  now - Date.parse(tpl.lastUsedAt ?? tpl.updatedAt) > STALE_DAYS * DAY_MS;

type EditValues = { kind?: TemplateKind; title?: string; body?: string; active?: boolean };

export default function TemplatesPage() {
  const { t } = useI18n();
  const kt = useKnowledgeT();
  const { user } = useSession();
  const ref = useReference();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [kind, setKind] = useState<TemplateKind | undefined>();
  const [editing, setEditing] = useState<TemplateView | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['templates', 'manage', kind],
    queryFn: () => knowledgeApi.manageTemplates(kind),
  });
  const changed = () => void qc.invalidateQueries({ queryKey: ['templates'] });
  // Loaded once per render of the list: "stale" compares with the time the list was fetched.
  const now = list.dataUpdatedAt || 0;
  const rows = useMemo(
    () =>
      [...(list.data ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.useCount - b.useCount),
    [list.data],
  );

  const setActive = async (tpl: TemplateView, active: boolean) => {
    try {
      await knowledgeApi.saveTemplate({ kind: tpl.kind, title: tpl.title, body: tpl.body, active }, tpl.id);
      void message.success(active ? kt('tpl.restored') : kt('tpl.retired'));
      changed();
    } catch (e) {
      void message.error(errorText(e, t));
    }
  };

  const columns: ColumnsType<TemplateView> = [
    {
      title: kt('tpl.field.title'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{title}</Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
            {r.body}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: kt('tpl.field.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: TemplateKind) => kt(`tpl.kind.${k}`),
    },
    {
      title: kt('tpl.scope'),
      dataIndex: 'unitId',
      width: 180,
      render: (u: string | null) => (u ? ref.names.unit(u) : <Tag color="blue">{kt('tpl.global')}</Tag>),
    },
    {
      title: kt('tpl.useCount'),
      dataIndex: 'useCount',
      width: 100,
      sorter: (a, b) => a.useCount - b.useCount,
      render: (n: number) => <span data-testid="tpl-uses">{n}</span>,
    },
    {
      title: kt('tpl.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 190,
      render: (at: string | null, r) => (
        <Space size={4} wrap>
          <span>{at ? formatTime(at) : kt('tpl.never')}</span>
          {r.active && isStale(r, now) && <Tag color="volcano">{kt('tpl.stale')}</Tag>}
        </Space>
      ),
    },
    {
      title: kt('tpl.status'),
      dataIndex: 'active',
      width: 90,
      render: (a: boolean) => (
        <Tag color={a ? 'green' : 'default'}>{a ? kt('tpl.active') : kt('tpl.inactive')}</Tag>
      ),
    },
    {
      title: '',
      key: 'actions',
      width: 170,
      render: (_: unknown, r) =>
        r.editable && (
          <Space size={4}>
            <Button size="small" onClick={() => setEditing(r)}>
              {kt('kb.edit')}
            </Button>
            <Button
              size="small"
              danger={r.active}
              onClick={() => void setActive(r, !r.active)}
              data-testid={r.active ? 'tpl-retire' : 'tpl-restore'}
            >
              {r.active ? kt('tpl.retire') : kt('tpl.restore')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={<PageHeading title={kt('tpl.title')} hint={kt('tpl.hint', { days: STALE_DAYS })} />}
      extra={
        <Button type="primary" onClick={() => setEditing('new')} data-testid="tpl-new">
          {kt('tpl.new')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<TemplateKind>
          allowClear
          placeholder={kt('tpl.field.kind')}
          style={{ width: 180 }}
          value={kind}
          onChange={(k) => setKind(k)}
          options={TEMPLATE_KINDS.map((k) => ({ value: k, label: kt(`tpl.kind.${k}`) }))}
        />
        <Typography.Text type="secondary">{kt('tpl.count', { n: rows.length })}</Typography.Text>
      </Space>
      {list.error && !list.data ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<TemplateView>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <EmptyView text={kt('tpl.empty')} /> }}
          data-testid="tpl-table"
        />
      )}
      {editing && (
        <TemplateModal
          template={editing === 'new' ? null : editing}
          unitId={user.unitId}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(kt('kb.saved'));
            changed();
          }}
        />
      )}
    </Card>
  );
}

function TemplateModal({
  template,
  unitId,
  onClose,
  onSaved,
}: {
  template: TemplateView | null;
  unitId: string | null;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const kt = useKnowledgeT();
  const ref = useReference();
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = form.getFieldsValue();
    const body = { kind: v.kind, title: v.title ?? '', body: v.body ?? '', active: v.active ?? true };
    const parsed = templateBody.safeParse(body);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({ name: String(i.path[0]) as 'title', errors: [i.message] })),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await knowledgeApi.saveTemplate(parsed.data, template?.id);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length)
        form.setFields(e.fields.map((f) => ({ name: f.field as 'title', errors: [f.message] })));
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const scope = (template ? template.unitId : unitId) ?? null;
  return (
    <Modal
      open
      width={680}
      title={template ? kt('tpl.edit') : kt('tpl.new')}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'tpl-save' } as ButtonProps}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">
        {kt('tpl.scope')}：{scope ? ref.names.unit(scope) : kt('tpl.global')}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          template
            ? { kind: template.kind, title: template.title, body: template.body, active: template.active }
            : { kind: 'feedback', active: true }
        }
      >
        <Form.Item name="kind" label={kt('tpl.field.kind')} required>
          <Select options={TEMPLATE_KINDS.map((k) => ({ value: k, label: kt(`tpl.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={kt('tpl.field.title')} required>
          <Input maxLength={100} data-testid="tpl-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={kt('tpl.field.body')}
          required
          extra={kt('tpl.variables', { names: TEMPLATE_VARIABLES.map((n) => `{{${n}}}`).join(' ') })}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={4000} data-testid="tpl-body" />
        </Form.Item>
        <Form.Item name="active" label={kt('tpl.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
