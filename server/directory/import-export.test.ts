/**
 * Import and export of units and users as xlsx and CSV: bilingual headers that round-trip, no
 * password hashes ever, every export audited (R9.1), imports that apply every row or none, and deactivation by
 * import held to the same rules as the API (R4.3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';
import type { ImportProblem, ImportResult } from '../../shared/schemas/directory.js';
import type { UnitView } from './unit.service.js';
import {
  STRONG_PASSWORD,
  auditOf,
  login,
  makeUnit,
  makeUser,
  openTicket,
  type ErrorJson,
} from './directory.fixtures.js';

let t: TestApp;
let admin: Client;
let operator: Client;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  operator = await t.as('operator');
});
afterAll(() => t.close());

const allUnits = async () => (await operator.get('/api/v1/units')).json() as UnitView[];
const unitByCode = async (code: string) => (await allUnits()).find((u) => u.code === code);
const importCsv = (entity: 'units' | 'users', content: string) =>
  admin.post(`/api/v1/directory/${entity}/import`, { format: 'csv', content });
const problemsOf = (res: { json(): unknown }) =>
  ((res.json() as ErrorJson).error.details?.problems ?? []) as ImportProblem[];

async function sheetOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0] as ExcelJS.Worksheet;
}
const rowValues = (ws: ExcelJS.Worksheet, n: number) =>
  Array.from({ length: ws.getRow(n).cellCount }, (_, i) => ws.getRow(n).getCell(i + 1).text);

describe('export', () => {
  it('R9.1 when an admin exports units and users as xlsx and csv, then headers are bilingual, no password or hash is in them, and every export is audited', async () => {
    const unitsCsv = await admin.get('/api/v1/directory/units.csv');
    expect(unitsCsv.statusCode).toBe(200);
    expect(unitsCsv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(unitsCsv.headers['content-disposition']).toBe('attachment; filename="units-20261110.csv"');
    expect(unitsCsv.body.split('\r\n')[0]).toBe(
      '\uFEFF编码 code,中文名称 nameZh,英文名称 nameEn,类型 type,上级单位编码 superiorCode,同类组 peerGroup,主要领导 mainLeader,分管领导 responsibleLeader,属地 territory,启用 active',
    );
    expect(unitsCsv.body).toContain('D220204,船营区人民政府,');

    const usersCsv = await admin.get('/api/v1/directory/users.csv');
    expect(usersCsv.body.split('\r\n')[0]).toBe(
      '\uFEFF用户名 username,姓名 displayName,角色 roles,单位编码 unitCode,单位名称 unitName,启用 active',
    );
    expect(usersCsv.body).toContain('s220204-bjl.handler,');

    const unitsXlsx = await admin.get('/api/v1/directory/units.xlsx');
    expect(unitsXlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const unitSheet = await sheetOf(unitsXlsx.rawPayload);
    expect(rowValues(unitSheet, 1).slice(0, 2)).toEqual(['编码 code', '中文名称 nameZh']);
    expect(unitSheet.actualRowCount).toBe((await allUnits()).length + 1);

    const usersXlsx = await admin.get('/api/v1/directory/users.xlsx');
    const userSheet = await sheetOf(usersXlsx.rawPayload);
    const everything = [
      usersCsv.body,
      ...Array.from({ length: userSheet.actualRowCount }, (_, i) => rowValues(userSheet, i + 1).join(',')),
    ].join('\n');
    expect(everything).not.toMatch(/argon2|password|密码/i);

    const exports = await auditOf(admin, 'directory.export');
    expect(exports.map((e) => `${String(e.details.entity)}.${String(e.details.format)}`).sort()).toEqual([
      'units.csv',
      'units.xlsx',
      'users.csv',
      'users.xlsx',
    ]);
    expect((await operator.get('/api/v1/directory/users.csv')).statusCode).toBe(403);
  });
});

describe('round trips', () => {
  it('when the exported xlsx comes back with one leader changed by hand, then that unit alone is updated', async () => {
    const ws = await sheetOf((await admin.get('/api/v1/directory/units.xlsx')).rawPayload);
    let edited = 0;
    ws.eachRow((row) => {
      if (row.getCell(1).text === 'S220204-BJL') {
        row.getCell(8).value = '新任分管领导';
        edited++;
      }
    });
    expect(edited).toBe(1);
    const content = Buffer.from(await ws.workbook.xlsx.writeBuffer()).toString('base64');
    const res = await admin.post('/api/v1/directory/units/import', { format: 'xlsx', content });
    expect(res.statusCode, res.body).toBe(200);
    const total = (await allUnits()).length;
    expect(res.json()).toEqual({ rows: total, created: 0, updated: 1, unchanged: total - 1 });
    expect((await unitByCode('S220204-BJL'))?.responsibleLeader).toBe('新任分管领导');
    expect((await auditOf(admin, 'directory.units.import'))[0]?.details).toMatchObject({
      format: 'xlsx',
      updated: ['S220204-BJL'],
    });
  });

  it('when the exported csv files come back unchanged, then nothing changes', async () => {
    for (const entity of ['units', 'users'] as const) {
      const csv = (await admin.get(`/api/v1/directory/${entity}.csv`)).body;
      const res = await importCsv(entity, csv);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ created: 0, updated: 0 });
    }
  });

  it('R8.2 when a hand-made sheet has Chinese headers only, type labels and district names, then new units are created under a superior from the same file', async () => {
    const csv = [
      '编码,中文名称,类型,上级单位编码,主要领导,分管领导,属地',
      'DEPT-NEW-1,新设局第一分局,市直部门下属单位,DEPT-NEW,孙一,李二,船营区',
      'DEPT-NEW,吉林市新设局,市直部门,CITY,赵局长,钱副局长,船营区；昌邑区',
    ].join('\n');
    const res = await importCsv('units', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0 });
    const parent = await unitByCode('DEPT-NEW');
    expect(parent).toMatchObject({
      type: 'city_department',
      territory: ['220204', '220202'],
      peerGroup: null,
    });
    expect(await unitByCode('DEPT-NEW-1')).toMatchObject({
      type: 'department_subunit',
      superiorId: parent?.id,
      mainLeader: '孙一',
      responsibleLeader: '李二',
      active: true,
    });
  });
});

describe('all rows or none', () => {
  it('when any unit row is wrong, then nothing is imported and 400 lists the row, the column and the message of every problem', async () => {
    const before = (await allUnits()).length;
    const csv = [
      '编码 code,中文名称 nameZh,类型 type,上级单位编码 superiorCode,主要领导 mainLeader,分管领导 responsibleLeader,属地 territory',
      'OK-1,正确的单位,street,D220204,甲,乙,220204',
      'BAD-TYPE,类型不对,城堡,D220204,甲,乙,220204',
      'BAD-SUP,上级不存在,street,NOPE,甲,乙,220204',
      'BAD-LEAD,缺主要领导,street,D220204,,乙,220204',
      'OK-1,编码重复,street,D220204,甲,乙,220204',
      'BAD-TER,属地不存在,street,D220204,甲,乙,火星区',
    ].join('\n');
    const res = await importCsv('units', csv);
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorJson).error.code).toBe('DIRECTORY.IMPORT_INVALID');
    expect(problemsOf(res).map((p) => `${p.row}:${p.column}`)).toEqual([
      '3:type',
      '4:superiorCode',
      '5:mainLeader',
      '6:code',
      '7:territory',
    ]);
    expect(problemsOf(res).find((p) => p.row === 5)?.message).toBe('主要领导不能为空');
    expect((res.json() as ErrorJson).error.message).toMatch(
      /^文件有 5 处问题，未导入任何内容。第 3 行 type：/,
    );
    expect((await allUnits()).length).toBe(before);
    expect(await unitByCode('OK-1')).toBeUndefined();
  });

  it('when any user row is wrong, then no user is imported and the problems name their rows', async () => {
    const csv = [
      '用户名 username,姓名 displayName,角色 roles,单位编码 unitCode,密码 password',
      'good.user,好用户,承办人,S220204-BJL,',
      'bad.role,坏角色,董事长,S220204-BJL,',
      'bad.unit,坏单位,unit_handler,NOPE,',
      'weak.pw,弱密码,leader,,password123',
      'Bad Name,坏用户名,leader,,',
      'no.unit,缺单位,unit_leader,,',
    ].join('\n');
    const res = await importCsv('users', csv);
    expect(res.statusCode).toBe(400);
    expect(problemsOf(res).map((p) => `${p.row}:${p.column}`)).toEqual([
      '3:roles',
      '5:password',
      '6:username',
    ]);
    // Database checks come after the file's own checks: fix those and the next round names the rest.
    const second = await importCsv(
      'users',
      [
        csv.split('\n')[0],
        'good.user,好用户,承办人,S220204-BJL,',
        'bad.unit,坏单位,unit_handler,NOPE,',
        'no.unit,缺单位,unit_leader,,',
      ].join('\n'),
    );
    expect(problemsOf(second).map((p) => `${p.row}:${p.column}`)).toEqual(['3:unitCode', '4:unitCode']);
    const users = (await admin.get('/api/v1/directory/users?q=good.user')).json() as { total: number };
    expect(users.total).toBe(0);
  });

  it('when the body is not JSON, the file unreadable or its headers unknown, then it is refused', async () => {
    const text = await admin.inject({
      method: 'POST',
      url: '/api/v1/directory/units/import',
      headers: { 'content-type': 'text/csv' },
      payload: 'code\nX',
    });
    expect(text.statusCode).toBe(415);
    const garbage = await admin.post('/api/v1/directory/units/import', {
      format: 'xlsx',
      content: Buffer.from('not a zip').toString('base64'),
    });
    expect(garbage.statusCode).toBe(400);
    expect(problemsOf(garbage)[0]).toMatchObject({
      row: 0,
      column: null,
      message: expect.stringMatching(/xlsx/),
    });
    const badBase64 = await admin.post('/api/v1/directory/units/import', { format: 'xlsx', content: '**' });
    expect(problemsOf(badBase64)[0]?.message).toMatch(/base64/);
    const header = await importCsv('units', 'code,颜色\nX,红');
    expect(problemsOf(header)).toEqual([{ row: 1, column: null, message: '无法识别的列"颜色"' }]);
    expect((await auditOf(admin, 'directory.units.import')).some((a) => a.outcome === 'failure')).toBe(true);
  });
});

describe('users without a password', () => {
  it('when users are imported without a password, then they get a random one and can log in only after an admin resets it', async () => {
    const csv = [
      '用户名 username,姓名 displayName,角色 roles,单位编码 unitCode,密码 password',
      'newbie,新人,承办人,S220204-BJL,',
      'withpw,带密码,unit_handler;unit_leader,S220204-BJL,Given!Pass2026',
    ].join('\r\n');
    const res = await importCsv('users', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json() as ImportResult).toEqual({
      rows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      needPasswordReset: ['newbie'],
    });
    expect((await login(t, 'withpw', 'Given!Pass2026')).statusCode).toBe(200);
    expect((await login(t, 'newbie', '')).statusCode).toBe(400);
    expect((await login(t, 'newbie', STRONG_PASSWORD)).statusCode).toBe(401);
    const users = (await admin.get('/api/v1/directory/users?q=newbie')).json() as {
      items: { id: string; username: string }[];
    };
    const newbie = users.items.find((u) => u.username === 'newbie');
    await admin.post(`/api/v1/users/${newbie?.id}/reset-password`, { password: STRONG_PASSWORD });
    expect((await login(t, 'newbie', STRONG_PASSWORD)).statusCode).toBe(200);
    const record = (await auditOf(admin, 'directory.users.import'))[0];
    expect(record?.details).toMatchObject({ created: ['newbie', 'withpw'], needPasswordReset: ['newbie'] });
    expect(JSON.stringify(record)).not.toContain('Given!Pass2026');
  });
});

describe('the rules of the API hold for imports', () => {
  it('R4.3 when an import would deactivate a unit holding an open ticket or its last handler, then the row is refused and nothing of the file is applied', async () => {
    const unit = await makeUnit(t, admin);
    const handler = await makeUser(t, admin, {
      username: `${unit.code.toLowerCase()}.h`,
      displayName: '唯一承办人',
      roles: ['unit_handler'],
      unitId: unit.id,
    });
    const ticket = await openTicket(operator, unit.id);

    const users = await importCsv(
      'users',
      [
        'username,displayName,roles,unitCode,active',
        `${handler.username},唯一承办人,unit_handler,${unit.code},否`,
        'bystander,旁人,leader,,是',
      ].join('\n'),
    );
    expect(users.statusCode).toBe(400);
    expect(problemsOf(users)).toEqual([
      { row: 2, column: 'active', message: expect.stringContaining(ticket.code) },
    ]);
    expect((await login(t, handler.username, STRONG_PASSWORD)).statusCode).toBe(200);
    expect(((await admin.get('/api/v1/directory/users?q=bystander')).json() as { total: number }).total).toBe(
      0,
    );

    const units = await importCsv('units', ['code,active,nameZh', `${unit.code},否,改名`].join('\n'));
    expect(units.statusCode).toBe(400);
    expect(problemsOf(units)).toEqual([
      { row: 2, column: 'active', message: expect.stringContaining(ticket.code) },
    ]);
    expect(await unitByCode(unit.code)).toMatchObject({ active: true, nameZh: unit.nameZh });
  });

  it('when an import would make the tree a cycle, then the row is refused; a unit and its subordinate deactivated in one file is fine', async () => {
    const cycle = await importCsv('units', 'code,superiorCode\nD220204,S220204-BJL');
    expect(cycle.statusCode).toBe(400);
    expect(problemsOf(cycle)).toEqual([
      { row: 2, column: 'superiorCode', message: expect.stringContaining('循环') },
    ]);

    const parent = await makeUnit(t, admin, { type: 'district_department', peerGroup: null });
    const child = await makeUnit(t, admin, { superiorId: parent.id });
    const alone = await importCsv('units', `code,active\n${parent.code},否`);
    expect(problemsOf(alone)[0]?.message).toContain(child.code);
    const both = await importCsv('units', `code,active\n${parent.code},否\n${child.code},否`);
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json()).toEqual({ rows: 2, created: 0, updated: 2, unchanged: 0 });
  });
});
