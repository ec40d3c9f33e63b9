/**
 * What the unit and user imports share: reading the file, and the one error that carries every row's problems.
 */
import type { z } from 'zod';
import { AppError } from '../errors.js';
import type { ImportBody, ImportProblem } from '../../shared/schemas/directory.js';
import { readTable, type Column, type Table } from './table.js';

/** How many problems the message itself quotes; details.problems has all of them. */
const QUOTED = 3;

/** The file as a table, or DIRECTORY.IMPORT_INVALID when it cannot be read (format, headers, size). */
export async function readOrFail(body: ImportBody, columns: readonly Column[]): Promise<Table> {
  const read = await readTable(body, columns);
  if (!read.ok) throw importFailed(read.problems);
  return read.table;
}

/** 400 DIRECTORY.IMPORT_INVALID: nothing was imported; one problem per row and column, in row order. */
export function importFailed(problems: readonly ImportProblem[]): AppError {
  const seen = new Set<string>();
  const unique = problems
    .filter((p) => {
      const key = `${p.row}\u0000${p.column ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.row - b.row);
  const quoted = unique
    .slice(0, QUOTED)
    .map((p) => `第 ${p.row} 行${p.column ? ` ${p.column}` : ''}：${p.message}`)
    .join('；');
  return new AppError(
    'DIRECTORY.IMPORT_INVALID',
    `文件有 ${unique.length} 处问题，未导入任何内容。${quoted}${unique.length > QUOTED ? '……' : ''}`,
    { problems: unique },
  );
}

/** zod issues of one row, each under the column its path starts with. */
export function issuesToProblems(row: number, issues: readonly z.core.$ZodIssue[]): ImportProblem[] {
  return issues.map((i) => ({
    row,
    column: typeof i.path[0] === 'string' ? i.path[0] : null,
    message: i.message,
  }));
}
