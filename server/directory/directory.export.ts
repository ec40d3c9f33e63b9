/**
 * Exports of units and users as xlsx or CSV. Every export is audited (R9.1); the users export carries no
 * password and no hash.
 */
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { audit } from '../audit/audit.service.js';
import type { DirectoryFormat } from '../../shared/schemas/directory.js';
import { CONTENT_TYPES, writeCsv, writeXlsx, type Column } from './table.js';
import { UNIT_COLUMNS, unitRows } from './unit-import.js';
import { USER_COLUMNS, userRows } from './user-import.js';

export type DirectoryEntity = 'units' | 'users';

const SHEETS: Record<DirectoryEntity, { name: string; columns: readonly Column[] }> = {
  units: { name: '单位', columns: UNIT_COLUMNS },
  users: { name: '用户', columns: USER_COLUMNS },
};

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export async function exportDirectory(
  ctx: AppContext,
  viewer: Viewer,
  entity: DirectoryEntity,
  format: DirectoryFormat,
): Promise<ExportFile> {
  const now = ctx.clock.now();
  const rows = entity === 'units' ? await unitRows(ctx) : await userRows(ctx);
  const { name, columns } = SHEETS[entity];
  const exported = columns.filter((c) => !c.importOnly);
  const body = format === 'csv' ? writeCsv(exported, rows) : await writeXlsx(name, exported, rows, now);
  await audit(ctx.db, {
    at: now,
    actor: viewer,
    action: 'directory.export',
    target: entity,
    outcome: 'success',
    details: { entity, format, rows: rows.length },
  });
  const day = new Date(now.getTime() + 8 * 3600e3).toISOString().slice(0, 10).replaceAll('-', '');
  return { filename: `${entity}-${day}.${format}`, contentType: CONTENT_TYPES[format], body };
}
