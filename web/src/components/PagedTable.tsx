/**
 * The one server-paged table of the admin and supervision pages: the rows of one page of a query's answer
 * ({items, total}), the server's total and page sizes in the pager, a spinner while a page loads (keeping the rows
 * it has), the empty text once loaded, and the error with a retry when nothing could be loaded.
 */
import { Table, type TableProps } from 'antd';
import { serverPaging } from './paging';
import { EmptyView, ErrorView } from './StateViews';

export interface PagedQuery<T> {
  data?: { items: T[]; total: number };
  error: unknown;
  isFetching: boolean;
  refetch(): unknown;
}

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale'> & {
  list: PagedQuery<T>;
  page: number;
  pageSize: number;
  onPage(page: number, pageSize: number): void;
  /** "N in all", in the page's language. */
  total(n: number): string;
  /** What an empty page says. */
  empty: string;
  /** The rows to show when the page derives them from the answer (default: its items). */
  rows?: T[];
};

export function PagedTable<T extends object>({
  list,
  page,
  pageSize,
  onPage,
  total,
  empty,
  rows,
  ...table
}: Props<T>) {
  if (list.error && !list.data) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<T>
      size="small"
      {...table}
      dataSource={rows ?? list.data?.items ?? []}
      loading={list.isFetching}
      locale={{ emptyText: list.isFetching ? ' ' : <EmptyView text={empty} /> }}
      pagination={serverPaging(page, pageSize, list.data?.total, total, onPage)}
    />
  );
}
