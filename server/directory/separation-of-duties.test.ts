/**
 * Separation of duties (GB/T 22239 8.1.4.2 d 三权分立, R9.1): the system administrator and the auditor hold
 * no other role — neither each other's nor any ticket-handling role, through which they would read
 * complainants unmasked — and nobody changes their own roles. One edit and an imported file obey the same
 * rule, with a stable code, a Chinese message on the field, and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { dutiesSeparated } from '../../shared/capabilities.js';
import type { Role } from '../../shared/enums.js';
import { login, makeUser, STRONG_PASSWORD } from './directory.fixtures.js';

let t: TestApp;
let admin: Client;
let adminId: string;

type ErrorJson = {
  error: {
    code: string;
    message: string;
    details?: { fields?: { field: string }[]; problems?: { row: number; column: string; message: string }[] };
  };
};

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  adminId = ((await admin.get('/api/v1/me')).json() as { id: string }).id;
});
afterAll(() => t.close());

const rolesOf = async (username: string) =>
  (
    await queryRows<{ roles: string[] }>(t.ctx.db, sql`SELECT roles FROM users WHERE username = ${username}`)
  )[0]?.roles;

describe('the rule', () => {
  it('GB/T 22239 8.1.4.2 admin and auditor stand alone; handling roles combine freely', () => {
    expect(dutiesSeparated(['admin'])).toBe(true);
    expect(dutiesSeparated(['auditor'])).toBe(true);
    expect(dutiesSeparated(['unit_handler', 'unit_leader'])).toBe(true);
    expect(dutiesSeparated(['office_operator', 'office_revisitor'])).toBe(true);
    const handling: Role[] = [
      'office_operator',
      'office_revisitor',
      'supervisor',
      'leader',
      'unit_leader',
      'unit_handler',
    ];
    for (const r of handling) {
      expect(dutiesSeparated(['admin', r])).toBe(false);
      expect(dutiesSeparated([r, 'auditor'])).toBe(false);
    }
    expect(dutiesSeparated(['admin', 'auditor'])).toBe(false);
  });

  it('every demo user keeps it', async () => {
    const rows = await queryRows<{ username: string; roles: Role[] }>(
      t.ctx.db,
      sql`SELECT username, roles FROM users`,
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => !dutiesSeparated(r.roles)).map((r) => r.username)).toEqual([]);
  });
});

describe('one edit', () => {
  it('R9.1 the admin cannot give itself a handling role, and so never reads a complainant unmasked', async () => {
    const res = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${adminId}`,
      payload: { roles: ['admin', 'office_operator'] },
    });
    expect(res.statusCode).toBe(403);
    expect((res.json() as ErrorJson).error).toMatchObject({
      code: 'USER.OWN_ROLES',
      message: '不能修改自己的角色，请由另一位系统管理员修改。',
      details: { fields: [{ field: 'roles' }] },
    });
    // Not even dropping its own role for another one.
    const swap = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${adminId}`,
      payload: { roles: ['office_operator'] },
    });
    expect((swap.json() as ErrorJson).error.code).toBe('USER.OWN_ROLES');
    expect(await rolesOf('admin')).toEqual(['admin']);
    // Its own name it may still change.
    const rename = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${adminId}`,
      payload: { displayName: '系统管理员（值班）', roles: ['admin'] },
    });
    expect(rename.statusCode, rename.body).toBe(200);

    const operator = await t.as('operator');
    const id = ((await operator.post('/api/v1/tickets', ticketBody())).json() as { id: string }).id;
    const seen = await admin.get(`/api/v1/tickets/${id}`);
    expect(seen.statusCode).toBe(404);
  });

  it('GB/T 22239 8.1.4.2 creating or editing a user into admin or auditor plus anything is refused, nothing stored', async () => {
    for (const roles of [
      ['admin', 'unit_handler'],
      ['auditor', 'leader'],
      ['admin', 'auditor'],
      ['office_operator', 'auditor'],
    ]) {
      const res = await admin.post('/api/v1/users', {
        username: `mixed.${roles.join('.')}`.replace(/_/g, '-'),
        displayName: '兼任',
        roles,
        unitId: roles.includes('unit_handler') ? t.units.get('S220204-BJL') : null,
        password: STRONG_PASSWORD,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as ErrorJson).error).toMatchObject({
        code: 'USER.ROLES_CONFLICT',
        message: '系统管理员和审计员不能兼任其他任何角色（职责分离，GB/T 22239 8.1.4.2）。',
        details: { fields: [{ field: 'roles' }] },
      });
    }
    const mixed = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM users WHERE username LIKE 'mixed.%'`,
    );
    expect(mixed[0]?.n).toBe(0);

    const english = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${(await idOf('auditor')) ?? ''}`,
      headers: { 'accept-language': 'en' },
      payload: { roles: ['auditor', 'supervisor'] },
    });
    expect(english.statusCode).toBe(400);
    expect((english.json() as ErrorJson).error.message).toMatch(/separation of duties/);
    expect(await rolesOf('auditor')).toEqual(['auditor']);

    const leaderToAdmin = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${(await idOf('leader')) ?? ''}`,
      payload: { roles: ['leader', 'admin'] },
    });
    expect((leaderToAdmin.json() as ErrorJson).error.code).toBe('USER.ROLES_CONFLICT');
    expect(await rolesOf('leader')).toEqual(['leader']);
  });

  it('a second administrator is held to the same rule, on the first one and on itself', async () => {
    const second = await makeUser(t, admin, {
      username: 'admin.two',
      displayName: '第二管理员',
      roles: ['admin'],
    });
    const res = await login(t, second.username, STRONG_PASSWORD);
    const token = (res.json() as { token: string }).token;
    const patch = (id: string, roles: string[]) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { roles },
      });
    expect(((await patch(adminId, ['admin', 'leader'])).json() as ErrorJson).error.code).toBe(
      'USER.ROLES_CONFLICT',
    );
    expect(((await patch(second.id, ['supervisor'])).json() as ErrorJson).error.code).toBe('USER.OWN_ROLES');
    expect(await rolesOf('admin')).toEqual(['admin']);
    expect(await rolesOf('admin.two')).toEqual(['admin']);
  });
});

const idOf = async (username: string) =>
  (await queryRows<{ id: string }>(t.ctx.db, sql`SELECT id FROM users WHERE username = ${username}`))[0]?.id;

describe('the user import (xlsx/CSV)', () => {
  it('GB/T 22239 8.1.4.2 a file that mixes admin or auditor with another role, or changes the importer’s own roles, imports nothing', async () => {
    const csv = [
      '用户名 username,姓名 displayName,角色 roles,单位编码 unitCode,密码 password',
      'fine.user,正常,承办人,S220204-BJL,',
      'mixed.admin,兼任管理员,admin;unit_handler,S220204-BJL,',
      'mixed.auditor,兼任审计员,auditor;admin,,',
      'admin,系统管理员,admin;office_operator,,',
      'auditor,审计员 陈洁,auditor;leader,,',
    ].join('\n');
    const res = await admin.post('/api/v1/directory/users/import', { format: 'csv', content: csv });
    expect(res.statusCode).toBe(400);
    const problems = (res.json() as ErrorJson).error.details?.problems ?? [];
    expect(problems.map((p) => `${p.row}:${p.column}:${p.message}`)).toEqual([
      '3:roles:系统管理员和审计员不能兼任其他任何角色（职责分离，GB/T 22239 8.1.4.2）。',
      '4:roles:系统管理员和审计员不能兼任其他任何角色（职责分离，GB/T 22239 8.1.4.2）。',
      '5:roles:不能修改自己的角色，请由另一位系统管理员修改。',
      '6:roles:系统管理员和审计员不能兼任其他任何角色（职责分离，GB/T 22239 8.1.4.2）。',
    ]);
    expect(await rolesOf('fine.user')).toBeUndefined();
    expect(await rolesOf('admin')).toEqual(['admin']);
    expect(await rolesOf('auditor')).toEqual(['auditor']);
    // The importer's own row with its roles unchanged is fine.
    const ok = await admin.post('/api/v1/directory/users/import', {
      format: 'csv',
      content: [
        '用户名 username,姓名 displayName,角色 roles',
        'admin,系统管理员,admin',
        'fine.user2,正常,leader',
      ].join('\n'),
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
