/**
 * 派单目录 (R4.2, R8.3): the responsibility rules — (category, territory) → handling unit with a priority —
 * filtered and paginated on the server; add, change and delete. The dispatch suggestions follow a change at once.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { ANY_CATEGORY, ruleBody } from '../../../shared/schemas/rules.js';
import { api, type CategoryView, type DistrictView, type UnitView } from '../api';
import { errorText } from '../components/StateViews';
import { showFieldErrors } from '../form-errors';
import { FormModal } from '../components/FormModal';
import { PagedTable, RefreshButton, usePaging } from '../components/PagedTable';
import { useI18n } from '../i18n';
import { useLocation } from '../router';
import { useQuery } from '@tanstack/react-query';
import { setZodLocale } from '../zod-locale';
import { directoryApi, type RuleInput, type RuleQuery, type RuleView } from './directory-api';
import { useDirectoryT, type DirectoryKey } from './directory-i18n';
import { PageHeading } from '../components/PageParts';

interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}

/** The category tree as TreeSelect options, '*' (any category) first. */
function categoryTree(cats: CategoryView[], anyLabel: string): TreeOption[] {
  const nodes = new Map<string, TreeOption>();
  for (const c of cats) nodes.set(c.code, { value: c.code, title: `${c.nameZh}（${c.code}）` });
  const roots: TreeOption[] = [{ value: ANY_CATEGORY, title: anyLabel }];
  for (const c of [...cats].sort((a, b) => a.code.localeCompare(b.code))) {
    const node = nodes.get(c.code) as TreeOption;
    const parent = c.parentCode ? nodes.get(c.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

interface Filters {
  categoryCode?: string;
  unitId?: string;
  districtCode?: string;
  q?: string;
}

export default function RulesPage() {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const { query: urlQuery } = useLocation();
  const [form] = Form.useForm<Filters>();
  const initialFilters: Filters = { categoryCode: urlQuery.get('categoryCode') ?? undefined };
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const paging = usePaging();
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const query: RuleQuery = { ...filters, page: paging.page, pageSize: paging.pageSize };
  const list = useQuery({ queryKey: ['admin', 'rules', query], queryFn: () => directoryApi.rules(query) });
  const refData = useQuery({
    queryKey: ['admin', 'rules', 'reference'],
    queryFn: () => Promise.all([api.categories(), api.units(), api.districts()]),
  });
  const [categories, units, districts] = refData.data ?? [[], [], []];
  const tree = useMemo(() => categoryTree(categories, t('rule.category.any')), [categories, t]);

  const remove = async (r: RuleView) => {
    setFailure(null);
    try {
      await directoryApi.deleteRule(r.id);
      void message.success(t('rule.deleted'));
      void list.refetch();
    } catch (e) {
      setFailure(errorText(e, tApp));
    }
  };

  const columns: ColumnsType<RuleView> = [
    {
      title: t('rule.category'),
      key: 'category',
      render: (_: unknown, r) =>
        r.categoryCode === ANY_CATEGORY ? (
          <Tag color="purple">{t('rule.category.any')}</Tag>
        ) : (
          <span>
            {r.categoryName ?? r.categoryCode}
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {r.categoryCode}
            </Typography.Text>
          </span>
        ),
    },
    {
      title: t('rule.district'),
      key: 'district',
      width: 160,
      render: (_: unknown, r) =>
        r.districtCode ? (r.districtName ?? r.districtCode) : <Tag>{t('rule.district.any')}</Tag>,
    },
    {
      title: t('rule.unit'),
      key: 'unit',
      width: 260,
      render: (_: unknown, r) => (
        <span>
          {r.unitName}
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            {r.unitCode}
          </Typography.Text>
          {!r.unitActive && (
            <Tag color="warning" style={{ marginLeft: 6 }}>
              {t('rule.unit.inactive')}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('rule.priority'), dataIndex: 'priority', width: 90 },
    {
      title: t('rule.note'),
      dataIndex: 'note',
      ellipsis: true,
      render: (n: string | null) => n ?? '—',
    },
    {
      title: t('dir.actions'),
      key: 'actions',
      width: 140,
      render: (_: unknown, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(r)}>
            {t('dir.edit')}
          </Button>
          <Popconfirm
            title={t('rule.delete.confirm')}
            okText={tApp('app.confirm')}
            cancelText={tApp('app.cancel')}
            onConfirm={() => remove(r)}
          >
            <Button type="link" size="small" danger>
              {t('dir.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={<PageHeading title={t('rule.title')} hint={t('rule.hint')} />}
      extra={
        <Space>
          <RefreshButton list={list} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('rule.new')}
          </Button>
        </Space>
      }
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setFailure(null)}
          title={failure}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form
        form={form}
        layout="inline"
        initialValues={initialFilters}
        style={{ rowGap: 12, marginBottom: 16 }}
        onFinish={(v) => {
          setFilters({
            categoryCode: v.categoryCode || undefined,
            unitId: v.unitId || undefined,
            districtCode: v.districtCode || undefined,
            q: v.q?.trim() || undefined,
          });
          paging.first();
        }}
      >
        <Form.Item name="categoryCode" label={t('rule.category')}>
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('rule.category.placeholder')}
            style={{ width: 240 }}
            treeData={tree}
            popupMatchSelectWidth={400}
            data-testid="rule-filter-category"
          />
        </Form.Item>
        <Form.Item name="districtCode" label={t('rule.district')}>
          <Select
            allowClear
            placeholder={t('rule.district.placeholder')}
            style={{ width: 160 }}
            options={districts.map((d) => ({ value: d.code, label: d.nameZh }))}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('rule.unit')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('rule.unit.placeholder')}
            style={{ width: 240 }}
            options={units.map((u) => ({ value: u.id, label: `${u.nameZh}（${u.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="q">
          <Input allowClear placeholder={t('rule.q.placeholder')} style={{ width: 220 }} maxLength={100} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('dir.search')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({
                  categoryCode: undefined,
                  unitId: undefined,
                  districtCode: undefined,
                  q: undefined,
                });
                setFilters({});
                paging.first();
              }}
            >
              {t('dir.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <PagedTable<RuleView>
        list={list}
        paging={paging}
        total={(n) => t('dir.total', { n })}
        empty={t('rule.empty')}
        rowKey="id"
        columns={columns}
        scroll={{ x: 1100 }}
      />
      {editing && (
        <RuleModal
          rule={editing === 'new' ? null : editing}
          tree={tree}
          units={units}
          districts={districts}
          onClose={() => setEditing(null)}
          onSaved={(created) => {
            setEditing(null);
            void message.success(created ? t('rule.created') : t('dir.saved'));
            void list.refetch();
          }}
        />
      )}
    </Card>
  );
}

/** The select's value for a city-wide rule (null district): antd shows no label for a null value. */
const CITY_WIDE = '';

interface RuleForm {
  categoryCode?: string;
  districtCode?: string | null;
  unitId?: string;
  priority?: number | null;
  note?: string | null;
}

const REQUIRED: Partial<Record<keyof RuleForm, DirectoryKey>> = {
  categoryCode: 'rule.required.category',
  unitId: 'rule.required.unit',
};

function RuleModal({
  rule,
  tree,
  units,
  districts,
  onClose,
  onSaved,
}: {
  rule: RuleView | null;
  tree: TreeOption[];
  units: UnitView[];
  districts: DistrictView[];
  onClose(): void;
  onSaved(created: boolean): void;
}) {
  const t = useDirectoryT();
  const { lang } = useI18n();
  const [form] = Form.useForm<RuleForm>();
  const initialValues: RuleForm = rule
    ? {
        categoryCode: rule.categoryCode,
        districtCode: rule.districtCode ?? CITY_WIDE,
        unitId: rule.unitId,
        priority: rule.priority,
        note: rule.note,
      }
    : { districtCode: CITY_WIDE };

  const submit = async () => {
    const v = { ...initialValues, ...form.getFieldsValue(true) } as RuleForm;
    const missing = (Object.keys(REQUIRED) as (keyof RuleForm)[]).filter((k) => !v[k]);
    if (missing.length) {
      showFieldErrors(
        form,
        missing.map((k) => ({ name: k, message: t(REQUIRED[k] as DirectoryKey) })),
      );
      return;
    }
    const body: RuleInput = {
      categoryCode: v.categoryCode as string,
      districtCode: v.districtCode || null,
      unitId: v.unitId as string,
      note: v.note?.trim() || null,
      ...(v.priority === null || v.priority === undefined ? {} : { priority: v.priority }),
    };
    setZodLocale(lang);
    const parsed = ruleBody.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((i) => ({ name: String(i.path[0] ?? 'categoryCode'), message: i.message })),
      );
      return;
    }
    // A refusal is shown by the dialog (FormModal).
    if (rule) await directoryApi.updateRule(rule.id, body);
    else await directoryApi.createRule(body);
    onSaved(!rule);
  };

  return (
    <FormModal
      width={600}
      title={rule ? t('rule.edit.title') : t('rule.new.title')}
      okText={t('dir.save')}
      form={form}
      initialValues={initialValues}
      onSubmit={submit}
      onClose={onClose}
      testId="rule-form"
    >
      <Form.Item name="categoryCode" label={t('rule.category')}>
        <TreeSelect
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeData={tree}
          placeholder={t('rule.category.placeholder')}
          data-testid="rule-category"
        />
      </Form.Item>
      <Form.Item name="districtCode" label={t('rule.district')}>
        <Select
          data-testid="rule-district"
          options={[
            { value: CITY_WIDE, label: t('rule.district.any') },
            ...districts.map((d) => ({ value: d.code, label: `${d.nameZh}（${d.code}）` })),
          ]}
        />
      </Form.Item>
      <Form.Item name="unitId" label={t('rule.unit')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="rule-unit"
          options={units
            .filter((u) => u.active || u.id === rule?.unitId)
            .map((u) => ({ value: u.id, label: `${u.nameZh}（${u.code}）` }))}
        />
      </Form.Item>
      <Form.Item name="priority" label={t('rule.priority')} extra={t('rule.priority.hint')}>
        <InputNumber
          min={0}
          max={1000}
          precision={0}
          placeholder={t('rule.priority.auto')}
          style={{ width: 160 }}
        />
      </Form.Item>
      <Form.Item name="note" label={t('rule.note')}>
        <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </FormModal>
  );
}
