/**
 * Users admin over HTTP: the password rule, argon2 hashes, roles and unit changes that take effect
 * at once, password resets and deactivation that end sessions, and the refusals that keep every open ticket
 * with someone who can act on it (R4.3) and the platform with an administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';
import type { AdminUserView } from '../../shared/schemas/directory.js';
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

const error = (res: { json(): unknown }) => (res.json() as ErrorJson).error;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenOf = (res: { json(): unknown }) => (res.json() as { token: string }).token;
const patch = (id: string, payload: object) =>
  admin.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload });
const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(token) });

describe('creating users', () => {
  it('when an admin creates a user, then the password is stored as an argon2 hash, the user can log in, and it is audited', async () => {
    const street = t.units.get('S220204-BJL') as string;
    const user = await makeUser(t, admin, {
      username: 'bjl.wang',
      displayName: '王建军',
      roles: ['unit_handler'],
      unitId: street,
    });
    expect(user).toMatchObject({
      username: 'bjl.wang',
      roles: ['unit_handler'],
      unitId: street,
      active: true,
    });
    const [row] = await queryRows<{ password_hash: string }>(
      t.ctx.db,
      sql`SELECT password_hash FROM users WHERE username = 'bjl.wang'`,
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    const res = await login(t, 'bjl.wang', STRONG_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect((await auditOf(admin, 'user.create')).find((a) => a.target === user.id)).toMatchObject({
      outcome: 'success',
      details: { username: 'bjl.wang' },
    });
    expect(JSON.stringify(await auditOf(admin, 'user.create'))).not.toContain(STRONG_PASSWORD);
  });

  it('when a password breaks the rule (≥ 10 characters, 3 of upper/lower/digit/symbol, not the username), then 400 names the field password', async () => {
    const cases: [string, RegExp][] = [
      ['Sh0rt!pw', /至少 10 个字符/],
      ['alllowercase123', /至少三类/],
      ['ALLUPPER-ONLY', /至少三类/],
      ['Xx-zhangsan-2026', /用户名/],
    ];
    for (const [password, message] of cases) {
      const res = await admin.post('/api/v1/users', {
        username: 'zhangsan',
        displayName: '张三',
        roles: ['office_operator'],
        unitId: t.units.get('OFFICE'),
        password,
      });
      expect(res.statusCode, password).toBe(400);
      expect(error(res).details?.fields).toEqual([
        { field: 'password', message: expect.stringMatching(message) },
      ]);
    }
    expect((await admin.get('/api/v1/directory/users?role=office_operator&q=zhangsan')).json()).toEqual({
      items: [],
      total: 0,
    });
    expect(
      (await admin.get('/api/v1/directory/users?role=office_operator&pageSize=200')).json().items,
    ).not.toContainEqual(expect.objectContaining({ username: 'zhangsan' }));
  });

  it('when the username is taken, the unit roles lack a unit, or the unit is unknown, then the error names the field', async () => {
    const base = { displayName: '某人', password: STRONG_PASSWORD };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ username: 'operator', roles: ['office_operator'] }, 409, 'USER.USERNAME_TAKEN', 'username'],
      [{ username: 'nounit', roles: ['unit_handler'] }, 400, 'REQUEST.INVALID', 'unitId'],
      [
        { username: 'ghost', roles: ['unit_handler'], unitId: '00000000-0000-4000-8000-000000000003' },
        400,
        'UNIT.NOT_FOUND',
        'unitId',
      ],
      [{ username: 'Bad Name', roles: ['leader'] }, 400, 'REQUEST.INVALID', 'username'],
      [{ username: 'norole', roles: [] }, 400, 'REQUEST.INVALID', 'roles'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await admin.post('/api/v1/users', { ...base, ...body });
      expect(res.statusCode, res.body).toBe(status);
      expect(error(res)).toMatchObject({ code, details: { fields: [{ field }] } });
    }
  });

  it('when someone other than an admin tries, then 403', async () => {
    const res = await operator.post('/api/v1/users', {
      username: 'sneaky',
      displayName: '某人',
      roles: ['admin'],
      password: STRONG_PASSWORD,
    });
    expect(res.statusCode).toBe(403);
    expect((await operator.get('/api/v1/directory/users')).statusCode).toBe(403);
  });
});

describe('listing users', () => {
  it('pages on the server with the total, and searches username and display name', async () => {
    type Page = { items: AdminUserView[]; total: number };
    const first = (await admin.get('/api/v1/directory/users?pageSize=10')).json() as Page;
    const second = (await admin.get('/api/v1/directory/users?pageSize=10&page=2')).json() as Page;
    expect(first.items).toHaveLength(10);
    expect(second.items).toHaveLength(10);
    expect(first.total).toBeGreaterThan(100);
    const names = [...first.items, ...second.items].map((u) => u.username);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(20);
    const bjl = (
      await admin.get(`/api/v1/directory/users?q=${encodeURIComponent('北京路街道')}`)
    ).json() as Page;
    expect(bjl.items.map((u) => u.username).sort()).toEqual(['s220204-bjl.handler', 's220204-bjl.leader']);
    expect((await admin.get('/api/v1/directory/users?q=%25')).json()).toMatchObject({ total: 0 });
  });
});

describe('changing users', () => {
  it('when an admin changes roles, the change applies to the next request of the running session and is audited', async () => {
    const user = await makeUser(t, admin, {
      username: 'rolechange',
      displayName: '调岗人员',
      roles: ['unit_handler'],
      unitId: t.units.get('S220204-BJL'),
    });
    const token = tokenOf(await login(t, 'rolechange', STRONG_PASSWORD));
    expect((await me(token)).statusCode).toBe(403);
    const res = await patch(user.id, { roles: ['office_operator'], unitId: t.units.get('OFFICE') });
    expect(res.statusCode, res.body).toBe(200);
    expect((await me(token)).statusCode).toBe(200);
    expect((await auditOf(admin, 'user.update')).find((a) => a.target === user.id)?.details).toMatchObject({
      changes: { roles: [['unit_handler'], ['office_operator']] },
    });
  });

  it('when an admin resets a password, the old one stops working, sessions end, a lockout is cleared; without a password one is generated once', async () => {
    const user = await makeUser(t, admin, { username: 'resetme', displayName: '重置', roles: ['leader'] });
    const token = tokenOf(await login(t, 'resetme', STRONG_PASSWORD));
    const weak = await admin.post(`/api/v1/users/${user.id}/reset-password`, { password: 'weakpassword' });
    expect(weak.statusCode).toBe(400);
    for (let i = 0; i < 5; i++) await login(t, 'resetme', 'Wrong!Password1');
    expect((await login(t, 'resetme', STRONG_PASSWORD)).statusCode).toBe(423);

    const set = await admin.post(`/api/v1/users/${user.id}/reset-password`, { password: 'New!Password2027' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ ok: true });
    expect((await me(token)).statusCode).toBe(401);
    expect((await login(t, 'resetme', STRONG_PASSWORD)).statusCode).toBe(401);
    expect((await login(t, 'resetme', 'New!Password2027')).statusCode).toBe(200);

    const generated = await admin.post(`/api/v1/users/${user.id}/reset-password`);
    expect(generated.statusCode, generated.body).toBe(200);
    const { generatedPassword } = generated.json() as { generatedPassword: string };
    expect(generatedPassword).toMatch(/^.{16}$/);
    expect((await login(t, 'resetme', generatedPassword)).statusCode).toBe(200);
    const records = await auditOf(admin, 'user.reset-password');
    expect(
      records.filter((r) => r.target === user.id && r.outcome === 'success').map((r) => r.details.generated),
    ).toEqual([true, false]);
    expect(JSON.stringify(records)).not.toContain(generatedPassword);
  });
});

describe('deactivating users', () => {
  it('when an admin deactivates a user, then the user’s session ends at once and login is refused; activation lets them back', async () => {
    const user = await makeUser(t, admin, {
      username: 'leaving',
      displayName: '离职人员',
      roles: ['supervisor'],
    });
    const token = tokenOf(await login(t, 'leaving', STRONG_PASSWORD));
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token) })).statusCode,
    ).toBe(200);
    const res = await admin.post(`/api/v1/users/${user.id}/deactivate`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token) })).statusCode,
    ).toBe(401);
    const [open] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${user.id} AND revoked_at IS NULL`,
    );
    expect(open?.n).toBe(0);
    expect((await login(t, 'leaving', STRONG_PASSWORD)).statusCode).toBe(401);
    const listed = (await admin.get('/api/v1/directory/users?active=false&q=leav')).json() as {
      items: AdminUserView[];
      total: number;
    };
    expect(listed.items.map((u) => u.username)).toEqual(['leaving']);
    expect(listed.total).toBe(1);
    expect((await admin.post(`/api/v1/users/${user.id}/activate`)).statusCode).toBe(200);
    expect((await login(t, 'leaving', STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('R4.3 when the last handler of a unit that holds open tickets is deactivated or moved, then 409 USER.LAST_HANDLER lists the tickets; with another handler it succeeds', async () => {
    const unit = await makeUnit(t, admin);
    const first = await makeUser(t, admin, {
      username: `${unit.code.toLowerCase()}.a`,
      displayName: '承办人甲',
      roles: ['unit_handler'],
      unitId: unit.id,
    });
    const ticket = await openTicket(operator, unit.id);

    const refused = await admin.post(`/api/v1/users/${first.id}/deactivate`);
    expect(refused.statusCode).toBe(409);
    expect(error(refused)).toMatchObject({
      code: 'USER.LAST_HANDLER',
      details: { tickets: [ticket.code], total: 1 },
    });
    expect(error(refused).message).toContain(ticket.code);
    const moved = await patch(first.id, { unitId: t.units.get('S220204-BJL') });
    expect(moved.statusCode).toBe(409);
    expect(error(moved).code).toBe('USER.LAST_HANDLER');
    const demoted = await patch(first.id, { roles: ['leader'] });
    expect(error(demoted).code).toBe('USER.LAST_HANDLER');
    expect((await login(t, first.username, STRONG_PASSWORD)).statusCode).toBe(200);

    await makeUser(t, admin, {
      username: `${unit.code.toLowerCase()}.b`,
      displayName: '单位领导乙',
      roles: ['unit_leader'],
      unitId: unit.id,
    });
    const done = await admin.post(`/api/v1/users/${first.id}/deactivate`);
    expect(done.statusCode, done.body).toBe(200);
  });

  it('when the last administrator would be deactivated or lose the role, then 409 USER.LAST_ADMIN', async () => {
    const admins = (
      (await admin.get('/api/v1/directory/users?role=admin&active=true')).json() as { items: AdminUserView[] }
    ).items;
    expect(admins.map((a) => a.username)).toEqual(['admin']);
    const self = admins[0] as AdminUserView;
    const off = await admin.post(`/api/v1/users/${self.id}/deactivate`);
    expect(off.statusCode).toBe(409);
    expect(error(off).code).toBe('USER.LAST_ADMIN');
    // Its own roles no administrator changes (GB/T 22239 8.1.4.2); that refusal comes first.
    const demote = await patch(self.id, { roles: ['leader'] });
    expect(error(demote).code).toBe('USER.OWN_ROLES');
    expect((await t.as('admin')).token).toBeTruthy();
  });

  it('when the id names no user, then 400 USER.NOT_FOUND with the field id', async () => {
    const res = await admin.post('/api/v1/users/00000000-0000-4000-8000-000000000009/deactivate');
    expect(res.statusCode).toBe(400);
    expect(error(res)).toMatchObject({ code: 'USER.NOT_FOUND', details: { fields: [{ field: 'id' }] } });
  });
});
