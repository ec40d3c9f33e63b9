/**
 * 知识库: search (segmentation and synonyms on the server, best match first), draft and edit,
 * submit for review, publish (a second office user), retire; every version with who and what; the owner's
 * articles due for review; the categories asked about most often with no article; the way to the reply
 * templates for those who keep them.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { Capability } from '../../../shared/capabilities.js';
import { createKnowledgeBody } from '../../../shared/schemas/knowledge.js';
import { ApiError } from '../api';
import { PagedTable } from '../components/PagedTable';
import { errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { may } from '../nav';
import { useReference } from '../reference';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { formatTime } from '../time';
import { ArticleBody } from './ArticleBody';
import { knowledgeApi, type KnowledgeItem, type KnowledgeStatus, type KnowledgeView } from './knowledge-api';
import { useKnowledgeT } from './knowledge-i18n';

const STATUS_COLOR: Record<KnowledgeStatus, string> = {
  draft: 'default',
  review: 'orange',
  published: 'green',
  retired: 'red',
};

type EditValues = {
  title?: string;
  body?: string;
  categoryCodes?: string[];
  sourceDocument?: string;
  public?: boolean;
};

export default function KnowledgePage() {
  const { t } = useI18n();
  const kt = useKnowledgeT();
  const { user } = useSession();
  const ref = useReference();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [dueOnly, setDueOnly] = useState(false);
  const [page, setPage] = useState(1);
  // A draft just proposed from a ticket arrives as ?open=<id>.
  const { query } = useLocation();
  const [openId, setOpenId] = useState<string | null>(() => query.get('open'));
  const [editing, setEditing] = useState<KnowledgeView | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['knowledge', 'list', q, dueOnly, page],
    queryFn: () =>
      knowledgeApi.list({
        q: q || undefined,
        ...(dueOnly ? { dueForReview: 'true' as const } : {}),
        page,
        pageSize: 20,
      }),
  });
  const gaps = useQuery({ queryKey: ['knowledge', 'gaps'], queryFn: () => knowledgeApi.gaps() });
  const article = useQuery({
    queryKey: ['knowledge', 'article', openId],
    queryFn: () => knowledgeApi.get(openId as string),
    enabled: openId !== null,
  });
  const changed = () => void qc.invalidateQueries({ queryKey: ['knowledge'] });
  const mayDraft = may(user, 'knowledge.draft' satisfies Capability);

  const move = async (id: string, action: 'submit' | 'publish' | 'retire') => {
    try {
      await knowledgeApi.move(id, action);
      void message.success(kt(`kb.action.${action}`));
      changed();
    } catch (e) {
      void message.error(errorText(e, t));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={kt('kb.title')}
        extra={
          <Space>
            {may(user, 'templates.manage') && (
              <Button onClick={() => navigate('/templates')} data-testid="kb-templates">
                {kt('tpl.manage')}
              </Button>
            )}
            {mayDraft && (
              <Button type="primary" onClick={() => setEditing('new')} data-testid="kb-new">
                {kt('kb.new')}
              </Button>
            )}
          </Space>
        }
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={kt('kb.search')}
            style={{ flex: '1 1 200px', maxWidth: 360, minWidth: 0 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            data-testid="kb-search"
          />
          <Checkbox checked={dueOnly} onChange={(e) => setDueOnly(e.target.checked)}>
            {kt('kb.dueOnly')}
          </Checkbox>
        </div>
        <PagedTable<KnowledgeItem>
          rowKey="id"
          list={list}
          paging={{ page, pageSize: 20, onPage: (p) => setPage(p) }}
          total={(n) => kt('kb.total', { n })}
          empty={kt('kb.empty')}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: kt('kb.field.title'),
              dataIndex: 'title',
              render: (title: string, r) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Link>{title}</Typography.Link>
                  <Typography.Text type="secondary">{r.snippet}</Typography.Text>
                </Space>
              ),
            },
            {
              title: kt('kb.status'),
              dataIndex: 'status',
              width: 160,
              render: (s: KnowledgeStatus, r) => (
                <Space size={4} wrap>
                  <Tag color={STATUS_COLOR[s]}>{kt(`kb.status.${s}`)}</Tag>
                  {r.reviewDue && <Tag color="volcano">{kt('kb.reviewDue')}</Tag>}
                  {r.public && <Tag>{kt('kb.public')}</Tag>}
                </Space>
              ),
            },
            { title: kt('kb.version'), dataIndex: 'version', width: 70 },
            {
              title: kt('kb.updatedAt'),
              dataIndex: 'updatedAt',
              width: 160,
              render: (v: string) => formatTime(v),
            },
          ]}
        />
      </Card>
      {gaps.data && gaps.data.items.length > 0 && (
        <Card title={kt('kb.gaps')} size="small" data-testid="kb-gaps">
          <List
            size="small"
            dataSource={gaps.data.items}
            renderItem={(g) => (
              <List.Item>
                {ref.names.category(g.categoryCode)} — {kt('kb.gapCount', { n: g.count })}
              </List.Item>
            )}
          />
        </Card>
      )}
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size="large" title={article.data?.title}>
        {article.data && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={STATUS_COLOR[article.data.status]}>{kt(`kb.status.${article.data.status}`)}</Tag>
              <span>
                {kt('kb.version')} {article.data.version}
              </span>
              {article.data.allowed.includes('edit') && (
                <Button onClick={() => setEditing(article.data)}>{kt('kb.edit')}</Button>
              )}
              {(['submit', 'publish', 'retire'] as const)
                .filter((a) => article.data.allowed.includes(a))
                .map((a) => (
                  <Button
                    key={a}
                    danger={a === 'retire'}
                    type={a === 'publish' ? 'primary' : 'default'}
                    onClick={() => void move(article.data.id, a)}
                  >
                    {kt(`kb.${a}`)}
                  </Button>
                ))}
            </Space>
            {article.data.sourceDocument && (
              <Typography.Text type="secondary">
                {kt('kb.field.sourceDocument')}：{article.data.sourceDocument}
              </Typography.Text>
            )}
            <ArticleBody body={article.data.body} />
            <Typography.Title level={5}>{kt('kb.versions')}</Typography.Title>
            <Timeline
              items={article.data.versions.map((v) => ({
                content: (
                  <span>
                    {formatTime(v.at)} · {v.userName ?? ''} · {kt(`kb.action.${v.action as 'create'}`)} · v
                    {v.version}
                    {v.changedFields.length > 0 && v.action === 'edit'
                      ? ` · ${kt('kb.changed', { fields: v.changedFields.join(', ') })}`
                      : ''}
                  </span>
                ),
              }))}
            />
          </Space>
        )}
      </Drawer>
      {editing && (
        <EditModal
          article={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(a) => {
            setEditing(null);
            setOpenId(a.id);
            void message.success(kt('kb.saved'));
            changed();
          }}
        />
      )}
    </Space>
  );
}

function EditModal({
  article,
  onClose,
  onSaved,
}: {
  article: KnowledgeView | null;
  onClose(): void;
  onSaved(a: KnowledgeView): void;
}) {
  const { t } = useI18n();
  const kt = useKnowledgeT();
  const ref = useReference();
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = form.getFieldsValue();
    const body = {
      title: v.title ?? '',
      body: v.body ?? '',
      categoryCodes: v.categoryCodes ?? [],
      sourceDocument: v.sourceDocument?.trim() || null,
      public: v.public ?? false,
    };
    const parsed = createKnowledgeBody.safeParse(body);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({ name: String(i.path[0]) as 'title', errors: [i.message] })),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(article ? await knowledgeApi.update(article.id, body) : await knowledgeApi.create(body));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length)
        form.setFields(e.fields.map((f) => ({ name: f.field as 'title', errors: [f.message] })));
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={article ? kt('kb.edit') : kt('kb.new')}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={
          article
            ? {
                title: article.title,
                body: article.body,
                categoryCodes: article.categoryCodes,
                sourceDocument: article.sourceDocument ?? '',
                public: article.public,
              }
            : { public: false }
        }
      >
        <Form.Item name="title" label={kt('kb.field.title')} required>
          <Input maxLength={200} data-testid="kb-title" />
        </Form.Item>
        <Form.Item name="body" label={kt('kb.field.body')} required>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 20 }} data-testid="kb-body" />
        </Form.Item>
        <Form.Item name="categoryCodes" label={kt('kb.field.categoryCodes')}>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={(ref.data?.categories ?? []).map((c) => ({
              value: c.code,
              label: `${c.code} ${c.nameZh}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="sourceDocument" label={kt('kb.field.sourceDocument')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="public" label={kt('kb.field.public')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
