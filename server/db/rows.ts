/**
 * Maps a raw row (snake_case column names, as both drivers return them) to drizzle's typed row, using the
 * table's own column definitions — so raw SQL on hot paths never duplicates the column list.
 */
import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

export function rowMapper<T extends Table>(table: T): (raw: Record<string, unknown>) => InferSelectModel<T> {
  const columns = Object.entries(getTableColumns(table));
  return (raw) => {
    const out: Record<string, unknown> = {};
    for (const [key, col] of columns) {
      const v = raw[col.name];
      out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
    }
    return out as InferSelectModel<T>;
  };
}
