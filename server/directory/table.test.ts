/**
 * The spreadsheet reader and writer on their own: CSV quoting, separators, headers by key or label, formula guard.
 */
import { describe, expect, it } from 'vitest';
import { matchHeader, parseBool, parseCsv, readTable, splitList, writeCsv, type Column } from './table.js';

const COLUMNS: Column[] = [
  { key: 'code', zh: '编码' },
  { key: 'nameZh', zh: '中文名称' },
  { key: 'unitName', zh: '单位名称', exportOnly: true },
];

describe('parseCsv', () => {
  it.each([
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n"x,y","say ""hi"""\n',
      [
        ['a', 'b'],
        ['x,y', 'say "hi"'],
      ],
    ],
    [
      'a;b\n1;2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a\tb\n1\t2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n"two\nlines",2\n',
      [
        ['a', 'b'],
        ['two\nlines', '2'],
      ],
    ],
  ])('when the text is %j, then the cells are %j', (text, cells) => {
    expect(parseCsv(text).map((r) => r.cells)).toEqual(cells);
  });

  it('when a field spans lines, then later rows keep the record numbers a spreadsheet shows', () => {
    expect(parseCsv('h\n"a\nb"\nc\n').map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('when a quote is never closed, then reading fails', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/引号/);
  });
});

describe('headers', () => {
  it.each(['编码 code', 'code', 'CODE', '编码', '编码(code)', '编码（code）'])(
    'when the header is %j, then it names the column code',
    (h) => {
      expect(matchHeader(h, COLUMNS)?.key).toBe('code');
    },
  );

  it('when a header is unknown or repeated, then the file is refused with the header row', async () => {
    const read = await readTable({ format: 'csv', content: '编码 code,颜色,code\nA,红,B\n' }, COLUMNS);
    expect(read).toEqual({
      ok: false,
      problems: [
        { row: 1, column: null, message: '无法识别的列"颜色"' },
        { row: 1, column: 'code', message: '列"code"重复' },
      ],
    });
  });

  it('when a column is export-only, then its cells are ignored on import', async () => {
    const read = await readTable({ format: 'csv', content: 'code,单位名称\nA,某单位\n' }, COLUMNS);
    expect(read.ok && [...read.table.columns]).toEqual(['code']);
  });
});

describe('writeCsv and back', () => {
  it('when a cell would run as a formula, then it is written with an apostrophe and read back as it was', async () => {
    const csv = writeCsv(COLUMNS.slice(0, 2), [
      ['=1+1', 'a,"b"'],
      ['@SUM(A1)', ' padded '],
    ]).toString('utf8');
    expect(csv.startsWith('\uFEFF编码 code,中文名称 nameZh\r\n')).toBe(true);
    expect(csv).toContain("'=1+1");
    const read = await readTable({ format: 'csv', content: csv }, COLUMNS);
    expect(read.ok && read.table.rows.map((r) => [...r.cells.values()])).toEqual([
      ['=1+1', 'a,"b"'],
      ['@SUM(A1)', 'padded'],
    ]);
  });

  it('when CSV bytes are GB18030 (Excel on Chinese Windows), then base64 content is decoded', async () => {
    // "编码,中文名称\nA,测试" in GB18030.
    const gbk = Buffer.from('b1e0c2eb2cd6d0cec4c3fbb3c60a412cb2e2cad4', 'hex');
    const read = await readTable(
      { format: 'csv', content: gbk.toString('base64'), encoding: 'base64' },
      COLUMNS,
    );
    expect(read.ok && read.table.rows[0]?.cells.get('nameZh')).toBe('测试');
  });
});

describe('cell values', () => {
  it('splits lists on ; ； , ， 、 and spaces, and reads yes/no in Chinese or English', () => {
    expect(splitList('220204;220202，220211、 JLHT')).toEqual(['220204', '220202', '220211', 'JLHT']);
    expect(['是', '启用', 'TRUE', '1'].map(parseBool)).toEqual([true, true, true, true]);
    expect(['否', '停用', 'false', '0'].map(parseBool)).toEqual([false, false, false, false]);
    expect(parseBool('也许')).toBeUndefined();
  });
});
