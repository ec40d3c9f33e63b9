/** The pagination of a list paged on the server (every list paginates on the server). No antd import. */

export interface ServerPaging {
  current: number;
  pageSize: number;
  total: number;
  showSizeChanger: true;
  pageSizeOptions: number[];
  showTotal: (total: number) => string;
  onChange: (page: number, pageSize: number) => void;
}

/**
 * antd Table `pagination` for a server-paged list: the page and size the server was asked for, its total, and
 * a change handler that goes back to page 1 when the page size changes.
 */
export function serverPaging(
  page: number,
  pageSize: number,
  total: number | undefined,
  showTotal: (total: number) => string,
  set: (page: number, pageSize: number) => void,
): ServerPaging {
  return {
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal,
    onChange: (p, size) => set(size === pageSize ? p : 1, size),
  };
}
