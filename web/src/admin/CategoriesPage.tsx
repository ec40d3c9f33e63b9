/**
 * 事项分类 (R3): the category tree with each category's default urgency, searchable. Read-only: categories come
 * with the reference data (server/reference) and the API has no edit endpoint; each category links to the
 * 派单目录 rules under it.
 */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type Key } from 'react';
import type { Urgency } from '../../../shared/enums.js';
import { api, type CategoryView } from '../api';
import { EmptyView, ErrorView, LoadingView } from '../components/StateViews';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useQuery } from '@tanstack/react-query';
import { useDirectoryT } from './directory-i18n';
import { filteredTree, type TreeNode } from './filtered-tree';
import { PageHeading } from '../components/PageParts';

type Node = TreeNode<CategoryView>;

const buildTree = (items: CategoryView[], keep: (item: CategoryView) => boolean): Node[] =>
  filteredTree(
    items,
    (c) => c.code,
    (c) => c.parentCode,
    keep,
  );

const allKeys = (nodes: Node[]): string[] =>
  nodes.flatMap((n) => (n.children ? [n.code, ...allKeys(n.children)] : []));

export default function CategoriesPage() {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  // Not the session cache: this page shows the server's current tree.
  const data = useQuery({ queryKey: ['reference', 'categories', 'admin'], queryFn: () => api.categories() });
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const q = search.trim().toLowerCase();
  const tree = useMemo(
    () => buildTree(data.data ?? [], (c) => !q || c.code.toLowerCase().includes(q) || c.nameZh.includes(q)),
    [data.data, q],
  );
  const matches = q
    ? (data.data ?? []).filter((c) => c.code.toLowerCase().includes(q) || c.nameZh.includes(q))
    : [];

  const columns: ColumnsType<Node> = [
    {
      title: t('cat.name'),
      key: 'name',
      render: (_: unknown, c) => (
        <span>
          {q && c.nameZh.includes(q) ? <mark>{c.nameZh}</mark> : c.nameZh}
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            {c.code}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('cat.level'), dataIndex: 'level', width: 80 },
    {
      title: t('cat.defaultUrgency'),
      dataIndex: 'defaultUrgency',
      width: 140,
      render: (u: Urgency) => <Tag color={u === 'urgent' ? 'red' : 'default'}>{tApp(`urgency.${u}`)}</Tag>,
    },
    {
      title: t('cat.rules'),
      key: 'rules',
      width: 140,
      render: (_: unknown, c) => (
        <Link to={`/admin/rules?categoryCode=${encodeURIComponent(c.code)}`}>{t('cat.showRules')}</Link>
      ),
    },
  ];

  if (data.isFetching && !data.data) return <LoadingView />;
  if (!data.data) return <ErrorView error={data.error} onRetry={() => void data.refetch()} />;

  return (
    <Card
      title={<PageHeading title={t('cat.title')} hint={t('cat.hint')} />}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void data.refetch()} loading={data.isFetching}>
          {tApp('app.refresh')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('cat.search.placeholder')}
          style={{ width: 260 }}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setExpanded(null);
          }}
          data-testid="category-search"
        />
        <Button onClick={() => setExpanded(allKeys(tree))}>{t('cat.expandAll')}</Button>
        <Button onClick={() => setExpanded([])}>{t('cat.collapseAll')}</Button>
        <Typography.Text type="secondary">
          {t('cat.count', { n: q ? matches.length : data.data.length })}
        </Typography.Text>
      </Space>
      <Table<Node>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={tree}
        pagination={false}
        scroll={{ y: 'calc(100vh - 360px)' }}
        expandable={{
          expandedRowKeys: expanded ?? (q ? allKeys(tree) : []),
          onExpandedRowsChange: (keys) => setExpanded(keys),
        }}
        locale={{ emptyText: <EmptyView text={t('cat.empty')} /> }}
      />
    </Card>
  );
}
