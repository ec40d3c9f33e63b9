/**
 * Spreadsheets in and out: CSV and xlsx with bilingual headers (`编码 code`), read back by the
 * English key or the Chinese label in any column order, so a sheet made by hand round-trips.
 */
import ExcelJS from 'exceljs';
import { XLSX_LIMITS, readXlsxRows, type XlsxProblem } from './xlsx-read.js';
import type { DirectoryFormat, ImportBody, ImportProblem } from '../../shared/schemas/directory.js';
import { DIRECTORY_LIMITS } from '../../shared/schemas/directory.js';

export interface Column {
  key: string;
  zh: string;
  /** Written on export, ignored on import (e.g. a unit's name next to its code). */
  exportOnly?: boolean;
  /** Read on import, never exported (the password). */
  importOnly?: boolean;
}

export const headerOf = (c: Column): string => `${c.zh} ${c.key}`;

/** One data row: its spreadsheet row number and the cells of the recognised columns, trimmed. */
export interface TableRow {
  row: number;
  cells: Map<string, string>;
}

export interface Table {
  /** Keys of the columns the file has. */
  columns: Set<string>;
  rows: TableRow[];
}

export const CONTENT_TYPES: Record<DirectoryFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// ---- writing -------------------------------------------------------------------------------------------------

/** A cell that a spreadsheet would run as a formula is written with a leading apostrophe (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const guard = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);
const unguard = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

/** UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF, RFC 4180 quoting. */
export function writeCsv(columns: readonly Column[], rows: readonly string[][]): Buffer {
  const quote = (v: string) => {
    const g = guard(v);
    return /[",\r\n]|^\s|\s$/.test(g) ? `"${g.replaceAll('"', '""')}"` : g;
  };
  const lines = [columns.map(headerOf), ...rows].map((r) => r.map(quote).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One sheet, header row frozen and bold, every column formatted as text so codes like 220204 stay text. */
export async function writeXlsx(
  sheetName: string,
  columns: readonly Column[],
  rows: readonly string[][],
  now: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jiesu';
  wb.created = now;
  wb.modified = now;
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: headerOf(c),
    key: c.key,
    width: Math.max(12, headerOf(c).length * 2),
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- reading -------------------------------------------------------------------------------------------------

/** Reads the file into rows of recognised columns, or answers the problems that stop it from being read. */
export async function readTable(
  body: ImportBody,
  columns: readonly Column[],
): Promise<{ ok: true; table: Table } | { ok: false; problems: ImportProblem[] }> {
  let grid: { row: number; cells: string[] }[];
  try {
    grid = body.format === 'xlsx' ? await readXlsx(body) : parseCsv(decodeCsv(body));
  } catch (err) {
    const message =
      err instanceof ImportReadError ? err.message : `无法读取 ${body.format} 文件，请检查文件格式`;
    return { ok: false, problems: [{ row: 0, column: null, message }] };
  }
  grid = grid
    .map((r) => ({ row: r.row, cells: r.cells.map((c) => unguard(c.trim())) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...data] = grid;
  if (!header) return { ok: false, problems: [{ row: 1, column: null, message: '文件是空的' }] };

  const problems: ImportProblem[] = [];
  const positions: { index: number; key: string }[] = [];
  const seen = new Set<string>();
  header.cells.forEach((text, index) => {
    if (text === '') return;
    const column = matchHeader(text, columns);
    if (!column) {
      problems.push({ row: header.row, column: null, message: `无法识别的列"${excerpt(text)}"` });
    } else if (seen.has(column.key)) {
      problems.push({ row: header.row, column: column.key, message: `列"${excerpt(text)}"重复` });
    } else {
      seen.add(column.key);
      if (!column.exportOnly) positions.push({ index, key: column.key });
    }
  });
  if (data.length === 0) problems.push({ row: header.row, column: null, message: '文件中没有数据行' });
  if (data.length > DIRECTORY_LIMITS.importRowsMax)
    problems.push({
      row: header.row,
      column: null,
      message: `一次最多导入 ${DIRECTORY_LIMITS.importRowsMax} 行，文件有 ${data.length} 行`,
    });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    table: {
      columns: new Set(positions.map((p) => p.key)),
      rows: data.map((r) => ({
        row: r.row,
        cells: new Map(positions.map((p) => [p.key, r.cells[p.index] ?? ''])),
      })),
    },
  };
}

/** `编码 code`, `code`, `编码`, `编码(code)` and `CODE` all name the column with key `code`. */
export function matchHeader(text: string, columns: readonly Column[]): Column | undefined {
  const tokens = text
    .replace(/[()（）[\]【】:：]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const lower = tokens.map((t) => t.toLowerCase());
  return columns.find(
    (c) => text === headerOf(c) || lower.includes(c.key.toLowerCase()) || tokens.includes(c.zh),
  );
}

class ImportReadError extends Error {}

function decodeCsv(body: ImportBody): string {
  if (body.encoding !== 'base64') return body.content.replace(/^\uFEFF/, '');
  const bytes = fromBase64(body.content);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK; GB18030 is its superset.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function fromBase64(content: string): Buffer {
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) throw new ImportReadError('文件内容不是合法的 base64 编码');
  return Buffer.from(compact, 'base64');
}

const XLSX_PROBLEM: Record<XlsxProblem, string> = {
  'not-zip': '无法读取 xlsx 文件，请检查文件格式',
  corrupt: '无法读取 xlsx 文件，请检查文件格式',
  unreadable: '无法读取 xlsx 文件，请检查文件格式',
  'too-large': `xlsx 文件解压后超过 ${XLSX_LIMITS.maxInflatedBytes / 1024 / 1024} MB 或条目过多，请拆分后再导入`,
  'no-sheet': 'xlsx 文件中没有工作表',
  timeout: '读取 xlsx 文件超时，请拆分后再导入',
};

/** The first sheet's rows, read off the event loop with the inflated size capped (server/directory/xlsx-read.ts). */
async function readXlsx(body: ImportBody): Promise<{ row: number; cells: string[] }[]> {
  if (body.encoding === 'text') throw new ImportReadError('xlsx 文件须以 base64 编码提交');
  const read = await readXlsxRows(fromBase64(body.content));
  if (!read.ok) throw new ImportReadError(XLSX_PROBLEM[read.problem]);
  return read.rows;
}

/** What an error message may quote of a cell: at most 40 characters. */
export const excerpt = (v: string): string => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/**
 * RFC 4180 CSV: quoted fields may hold separators, quotes ("") and line breaks. The separator is the one of
 * `,` `;` tab that the header line uses most. Row numbers count records from 1, as a spreadsheet shows them.
 */
export function parseCsv(text: string): { row: number; cells: string[] }[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = [',', ';', '\t'].reduce((best, s) =>
    firstLine.split(s).length > firstLine.split(best).length ? s : best,
  );
  const rows: { row: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    rows.push({ row: rows.length + 1, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      cell += ch;
    }
    i++;
  }
  if (quoted) throw new ImportReadError('CSV 文件中有未闭合的引号');
  if (cell !== '' || cells.length) endRow();
  return rows;
}

// ---- cell values ---------------------------------------------------------------------------------------------

/** A list in one cell: `a;b`, `a；b`, `a,b`, `a、b` or one per line. */
export const splitList = (v: string): string[] =>
  v
    .split(/[;；,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const TRUE = new Set(['是', '启用', '在用', 'true', 'yes', 'y', '1']);
const FALSE = new Set(['否', '停用', 'false', 'no', 'n', '0']);

/** 是/否, 启用/停用, true/false, 1/0; undefined when the cell says neither. */
export function parseBool(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}
export const formatBool = (b: boolean): string => (b ? '是' : '否');

/** A code given as itself or as its Chinese label. */
export function parseCoded<T extends string>(v: string, labels: Record<T, string>): T | undefined {
  const s = v.trim();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    if (s === code || s === label) return code;
  }
  return undefined;
}
