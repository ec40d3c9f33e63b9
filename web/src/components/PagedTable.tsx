/**
 * The one server-paged table of the admin and supervision pages: the rows of one page of a query's answer
 * ({items, total}), the server's total and page sizes in the pager, a spinner while a page loads (keeping the rows
 * it has), the empty text once loaded, and the error with a retry when nothing could be loaded. `usePaging` keeps
 * the page and size it asks for; `RefreshButton` loads the page again.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Table, type TableProps } from 'antd';
import { useCallback, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { useI18n } from '../i18n';
import { serverPaging } from './paging';
import { EmptyView, ErrorView } from './StateViews';

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
  data?: { items: T[]; total: number };
  error: unknown;
  isFetching: boolean;
  refetch(): unknown;
}

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale'> & {
  list: PagedQuery<T>;
  paging: Paging;
  /** "N in all", in the page's language. */
  total(n: number): string;
  /** What an empty page says. */
  empty: string;
  /** The rows to show when the page derives them from the answer (default: its items). */
  rows?: T[];
};

export function PagedTable<T extends object>({ list, paging, total, empty, rows, ...table }: Props<T>) {
  if (list.error && !list.data) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<T>
      size="small"
      {...table}
      dataSource={rows ?? list.data?.items ?? []}
      loading={list.isFetching}
      locale={{ emptyText: list.isFetching ? ' ' : <EmptyView text={empty} /> }}
      pagination={serverPaging(paging.page, paging.pageSize, list.data?.total, total, paging.onPage)}
    />
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
