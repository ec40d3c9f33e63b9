/**
 * The one server-paged table of the admin and supervision pages and the ticket lists: the rows of one page of a
 * query's answer ({items, total}), the server's total and page sizes in the pager, a spinner while a page loads
 * (keeping the rows it has), the empty text once loaded, and the error with a retry when nothing could be loaded.
 *
 * `usePaging` keeps the page and size it asks for; `RefreshButton` loads the page again.
 *
 * On a phone (narrow.ts) the rows become cards: the page's own `card` renderer when it has one (the ticket lists:
 * code, title, urgency, status, countdown, the next step), otherwise every titled column as a label and value.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, List, Pagination, Spin, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useCallback, useState, type ReactNode } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { useI18n } from '../i18n';
import { serverPaging } from './paging';
import { EmptyView, ErrorView } from './StateViews';
import { useNarrow } from './narrow';

/** The page a server-paged list asks for, and how the pager changes it. */
export interface Paging {
  page: number;
  pageSize: number;
  onPage(page: number, pageSize: number): void;
  /** Back to the first page, keeping the size (after a filter changed). */
  first(): void;
}

export function usePaging(): Paging {
  const [at, setAt] = useState({ page: 1, pageSize: LIMITS.pageSizeDefault as number });
  const onPage = useCallback((page: number, pageSize: number) => setAt({ page, pageSize }), []);
  const first = useCallback(() => setAt((a) => ({ ...a, page: 1 })), []);
  return { ...at, onPage, first };
}

export interface PagedQuery<T> {
  /** `approx`: the total is the server's estimate (an exact count would read every match); shown with "约". */
  data?: { items: T[]; total: number; approx?: boolean };
  error: unknown;
  isFetching: boolean;
  refetch(): unknown;
}

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale'> & {
  list: PagedQuery<T>;
  paging: Pick<Paging, 'page' | 'pageSize' | 'onPage'>;
  /** "N in all", in the page's language. */
  total(n: number): string;
  /** What an empty page says. */
  empty: string;
  /** The rows to show when the page derives them from the answer (default: its items). */
  rows?: T[];
  /** One row as a card on a phone (default: the titled columns, one per line). */
  card?: (row: T) => ReactNode;
};

export function PagedTable<T extends object>({
  list,
  paging: at,
  total,
  empty,
  rows,
  card,
  ...table
}: Props<T>) {
  const narrow = useNarrow();
  const { t } = useI18n();
  if (list.error && !list.data) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  const dataSource = rows ?? list.data?.items ?? [];
  // An estimated total reads "共 约 120000 件" / "about 120000 tickets".
  const shown = list.data?.approx
    ? (n: number) => total(n).replace(/\d/, (d) => `${t('list.approx')} ${d}`)
    : total;
  const paging = serverPaging(at.page, at.pageSize, list.data?.total, shown, at.onPage);
  if (narrow) {
    const keyOf = (r: T, i: number): string =>
      typeof table.rowKey === 'function'
        ? String(table.rowKey(r, i))
        : String((r as Record<string, unknown>)[typeof table.rowKey === 'string' ? table.rowKey : 'id'] ?? i);
    return (
      <Spin spinning={list.isFetching}>
        {dataSource.length === 0 ? (
          list.isFetching ? (
            <div style={{ minHeight: 120 }} />
          ) : (
            <EmptyView text={empty} />
          )
        ) : (
          <List
            dataSource={dataSource}
            split={false}
            renderItem={(r, i) => (
              <List.Item
                key={keyOf(r, i)}
                style={{ padding: '0 0 8px', display: 'block' }}
                data-testid="list-card"
              >
                {card ? card(r) : <ColumnCard row={r} index={i} columns={table.columns ?? []} />}
              </List.Item>
            )}
          />
        )}
        <Pagination
          simple
          style={{ marginTop: 8, justifyContent: 'center' }}
          current={paging.current}
          pageSize={paging.pageSize}
          total={paging.total}
          onChange={paging.onChange}
          showTotal={paging.showTotal}
        />
      </Spin>
    );
  }
  return (
    <Table<T>
      size="small"
      {...table}
      dataSource={dataSource}
      loading={list.isFetching}
      locale={{ emptyText: list.isFetching ? ' ' : <EmptyView text={empty} /> }}
      pagination={paging}
    />
  );
}

/** A row without a card renderer of its own: each titled column as "label: value", the untitled (actions) last. */
function ColumnCard<T extends object>({
  row,
  index,
  columns,
}: {
  row: T;
  index: number;
  columns: NonNullable<TableProps<T>['columns']>;
}) {
  const cells = columns
    .filter((c): c is ColumnType<T> => !('children' in c))
    .map((c, i) => {
      const path = c.dataIndex;
      const raw =
        typeof path === 'string' || typeof path === 'number'
          ? (row as Record<string | number, unknown>)[path]
          : Array.isArray(path)
            ? path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k as string], row)
            : undefined;
      const value = c.render ? (c.render(raw, row, index) as ReactNode) : (raw as ReactNode);
      const title = typeof c.title === 'function' ? null : (c.title as ReactNode);
      return { key: String(c.key ?? path ?? i), title, value };
    });
  return (
    <Card size="small" styles={{ body: { padding: 12 } }}>
      {cells
        .filter((c) => c.title)
        .map((c) => (
          <div key={c.key} style={{ display: 'flex', gap: 8, padding: '2px 0', minWidth: 0 }}>
            <span style={{ color: 'rgba(0,0,0,0.45)', flex: '0 0 30%', minWidth: 0 }}>{c.title}</span>
            <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{c.value ?? '—'}</span>
          </div>
        ))}
      {cells
        .filter((c) => !c.title && c.value !== null && c.value !== undefined)
        .map((c) => (
          <div key={c.key} style={{ marginTop: 8 }}>
            {c.value}
          </div>
        ))}
    </Card>
  );
}

/** Loads the list again (its spinner while it does). */
export function RefreshButton({ list }: { list: Pick<PagedQuery<unknown>, 'isFetching' | 'refetch'> }) {
  const { t } = useI18n();
  return (
    <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
      {t('app.refresh')}
    </Button>
  );
}
