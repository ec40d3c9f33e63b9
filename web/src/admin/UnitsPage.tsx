/**
 * 单位管理: the unit tree with search, create and edit (leaders R8.2, peer group R7.2, territory
 * R8.3), deactivate and activate with the server's refusals shown (open tickets, subordinates, users), import
 * and export.
 */
import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type Key } from 'react';
import { PEER_GROUPS, UNIT_TYPES, type PeerGroup, type UnitType } from '../../../shared/enums.js';
import { unitCreateBody } from '../../../shared/schemas/directory.js';
import { api, type DistrictView, type UnitView } from '../api';
import { EmptyView, ErrorView, errorText, LoadingView } from '../components/StateViews';
import { showFieldErrors } from '../form-errors';
import { FormModal } from '../components/FormModal';
import { useI18n } from '../i18n';
import { useQuery } from '@tanstack/react-query';
import { queryClient } from '../query';
import { setZodLocale } from '../zod-locale';
import { directoryApi } from './directory-api';
import { useDirectoryT } from './directory-i18n';
import { filteredTree, type TreeNode } from './filtered-tree';
import { ActiveToggle, ExportButton, ImportButton, RefusalAlert } from './DirectoryTransfer';
import { PageHeading } from '../components/PageParts';

type Node = TreeNode<UnitView>;

const buildTree = (items: UnitView[], keep: (item: UnitView) => boolean): Node[] =>
  filteredTree(
    items,
    (u) => u.id,
    (u) => u.superiorId,
    keep,
  );

export default function UnitsPage() {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const data = useQuery({
    queryKey: ['reference', 'units', 'admin'],
    queryFn: () => Promise.all([api.units(), api.districts()]),
  });
  const [search, setSearch] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<{ unit: UnitView | null; superiorId?: string } | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);

  const units = useMemo(() => data.data?.[0] ?? [], [data.data]);
  const districts = data.data?.[1] ?? [];
  const districtName = new Map(districts.map((d) => [d.code, d.nameZh]));
  const q = search.trim().toLowerCase();
  const tree = useMemo(
    () =>
      buildTree(units, (u) => {
        if (!showInactive && !u.active) return false;
        if (!q) return true;
        return [u.code, u.nameZh, u.nameEn, u.mainLeader, u.responsibleLeader].some((s) =>
          s.toLowerCase().includes(q),
        );
      }),
    [units, q, showInactive],
  );
  // A search opens the whole (filtered) tree; otherwise the top two levels are open.
  const defaultExpanded = useMemo(() => {
    const keys: string[] = [];
    const walk = (nodes: Node[], depth: number) => {
      for (const n of nodes) {
        if (n.children && (q || depth < 1)) {
          keys.push(n.id);
          walk(n.children, depth + 1);
        }
      }
    };
    walk(tree, 0);
    return keys;
  }, [tree, q]);

  const changed = () => {
    // Every screen's unit names and pickers read the reference list: it is stale now.
    void queryClient.invalidateQueries({ queryKey: ['reference'] });
  };

  const setActive = async (u: UnitView, active: boolean) => {
    setRefusal(null);
    try {
      await directoryApi.setUnitActive(u.id, active);
      void message.success(t(active ? 'unit.activated' : 'unit.deactivated', { name: u.nameZh }));
      changed();
    } catch (e) {
      setRefusal(e);
    }
  };

  const columns: ColumnsType<Node> = [
    {
      title: t('unit.nameZh'),
      key: 'name',
      render: (_: unknown, u) => (
        <span>
          {u.nameZh}
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            {u.code}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('unit.type'),
      dataIndex: 'type',
      width: 140,
      render: (v: UnitType) => tApp(`unitType.${v}`),
    },
    {
      title: t('unit.peerGroup'),
      dataIndex: 'peerGroup',
      width: 150,
      ellipsis: true,
      render: (v: PeerGroup | null) => (v ? t(`pg.${v}`) : '—'),
    },
    {
      title: `${t('unit.mainLeader')} / ${t('unit.responsibleLeader')}`,
      key: 'leaders',
      width: 170,
      render: (_: unknown, u) => `${u.mainLeader || '—'} / ${u.responsibleLeader || '—'}`,
    },
    {
      title: t('unit.territory'),
      dataIndex: 'territory',
      width: 150,
      ellipsis: true,
      render: (v: string[]) => v.map((c) => districtName.get(c) ?? c).join('、') || '—',
    },
    {
      title: t('dir.active'),
      dataIndex: 'active',
      width: 80,
      render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{t(`dir.active.${a}`)}</Tag>,
    },
    {
      title: t('dir.actions'),
      key: 'actions',
      width: 230,
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing({ unit: u })}>
            {t('dir.edit')}
          </Button>
          {u.active && (
            <Button type="link" size="small" onClick={() => setEditing({ unit: null, superiorId: u.id })}>
              {t('unit.addChild')}
            </Button>
          )}
          <ActiveToggle
            active={u.active}
            confirm={t('unit.deactivate.confirm', { name: u.nameZh })}
            onChange={(active) => void setActive(u, active)}
          />
        </Space>
      ),
    },
  ];

  if (data.isFetching && !data.data) return <LoadingView />;
  if (!data.data) return <ErrorView error={data.error} onRetry={() => void data.refetch()} />;

  return (
    <Card
      title={<PageHeading title={t('unit.title')} hint={t('unit.hint')} />}
      extra={
        <Space align="start" wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void data.refetch()} loading={data.isFetching}>
            {tApp('app.refresh')}
          </Button>
          <ImportButton entity="units" onImported={changed} />
          <ExportButton entity="units" />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null })}>
            {t('unit.new')}
          </Button>
        </Space>
      }
    >
      {refusal !== null && <RefusalAlert error={refusal} onClose={() => setRefusal(null)} />}
      <Space style={{ marginBottom: 16 }} wrap>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('unit.search.placeholder')}
          style={{ width: 280 }}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setExpanded(null);
          }}
          data-testid="unit-search"
        />
        <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)}>
          {t('unit.showInactive')}
        </Checkbox>
      </Space>
      {data.error && data.data && (
        <Alert type="warning" showIcon title={errorText(data.error, tApp)} style={{ marginBottom: 16 }} />
      )}
      <Table<Node>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tree}
        loading={data.isFetching}
        pagination={false}
        scroll={{ x: 1100, y: 'calc(100vh - 360px)' }}
        expandable={{
          expandedRowKeys: expanded ?? defaultExpanded,
          onExpandedRowsChange: (keys) => setExpanded(keys),
        }}
        locale={{ emptyText: <EmptyView text={t('unit.empty')} /> }}
      />
      {editing && (
        <UnitModal
          unit={editing.unit}
          superiorId={editing.superiorId}
          units={units}
          districts={districts}
          onClose={() => setEditing(null)}
          onSaved={(u, created) => {
            setEditing(null);
            void message.success(created ? t('unit.created', { code: u.code }) : t('dir.saved'));
            if (created && u.superiorId) setExpanded([...(expanded ?? defaultExpanded), u.superiorId]);
            changed();
          }}
        />
      )}
    </Card>
  );
}

interface UnitForm {
  code: string;
  nameZh: string;
  nameEn: string;
  type: UnitType;
  superiorId: string | null;
  peerGroup: PeerGroup | null;
  mainLeader: string;
  responsibleLeader: string;
  territory: string[];
}

function UnitModal({
  unit,
  superiorId,
  units,
  districts,
  onClose,
  onSaved,
}: {
  unit: UnitView | null;
  superiorId?: string;
  units: UnitView[];
  districts: DistrictView[];
  onClose(): void;
  onSaved(u: UnitView, created: boolean): void;
}) {
  const t = useDirectoryT();
  const { t: tApp, lang } = useI18n();
  const [form] = Form.useForm<UnitForm>();
  const superior = units.find((u) => u.id === (unit?.superiorId ?? superiorId));
  const initialValues: Partial<UnitForm> = unit
    ? { ...unit }
    : {
        // Empty rather than missing, so the schema says "不能为空" rather than "必须是文本".
        code: '',
        nameZh: '',
        mainLeader: '',
        responsibleLeader: '',
        superiorId: superior?.id ?? null,
        territory: superior?.territory ?? [],
        nameEn: '',
        type: superior?.type === 'district' ? 'street' : undefined,
        peerGroup: superior?.type === 'district' ? 'street_township' : null,
      };

  const submit = async () => {
    const v = { ...initialValues, ...form.getFieldsValue(true) } as UnitForm;
    const body = {
      ...v,
      code: unit ? unit.code : v.code,
      superiorId: v.superiorId ?? null,
      peerGroup: v.peerGroup ?? null,
    };
    setZodLocale(lang);
    const parsed = unitCreateBody.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((i) => ({ name: String(i.path[0] ?? 'code'), message: i.message })),
      );
      return;
    }
    // A refusal is shown by the dialog (FormModal).
    const { code, ...fields } = parsed.data;
    const saved = unit
      ? await directoryApi.updateUnit(unit.id, fields)
      : await directoryApi.createUnit({ code, ...fields });
    onSaved(saved, !unit);
  };

  // A unit cannot sit under itself or its subordinates: the server refuses it too (UNIT.SUPERIOR_CYCLE).
  const below = new Set<string>();
  if (unit) {
    below.add(unit.id);
    for (let grew = true; grew;) {
      grew = false;
      for (const u of units)
        if (u.superiorId && below.has(u.superiorId) && !below.has(u.id)) {
          below.add(u.id);
          grew = true;
        }
    }
  }

  return (
    <FormModal
      width={720}
      title={unit ? t('unit.edit.title', { code: unit.code }) : t('unit.new.title')}
      okText={t('dir.save')}
      form={form}
      initialValues={initialValues}
      onSubmit={submit}
      onClose={onClose}
      testId="unit-form"
    >
      <Space wrap size="middle" style={{ width: '100%' }} styles={{ item: { minWidth: 300 } }}>
        <Form.Item name="code" label={t('unit.code')} extra={unit ? undefined : t('unit.code.hint')}>
          <Input disabled={!!unit} maxLength={32} placeholder="S220204-XXX" />
        </Form.Item>
        <Form.Item name="type" label={t('unit.type')}>
          <Select options={UNIT_TYPES.map((v) => ({ value: v, label: tApp(`unitType.${v}`) }))} />
        </Form.Item>
        <Form.Item name="nameZh" label={t('unit.nameZh')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('unit.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="superiorId" label={t('unit.superior')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={units
              .filter((u) => u.active && !below.has(u.id))
              .map((u) => ({ value: u.id, label: `${u.nameZh}（${u.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="peerGroup" label={t('unit.peerGroup')}>
          <Select
            allowClear
            placeholder={t('unit.peerGroup.none')}
            options={PEER_GROUPS.map((v) => ({ value: v, label: t(`pg.${v}`) }))}
          />
        </Form.Item>
        <Form.Item name="mainLeader" label={t('unit.mainLeader')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="responsibleLeader" label={t('unit.responsibleLeader')}>
          <Input maxLength={50} />
        </Form.Item>
      </Space>
      <Form.Item name="territory" label={t('unit.territory')}>
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={districts.map((d) => ({ value: d.code, label: `${d.nameZh}（${d.code}）` }))}
        />
      </Form.Item>
    </FormModal>
  );
}
