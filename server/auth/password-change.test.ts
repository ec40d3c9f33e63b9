/**
 * Accounts: self-service password change with the complexity rule; a password an admin set or reset
 * must be changed before anything else; the change ends the user's other sessions; the auditor role reads the
 * audit log and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const loginWith = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const change = (c: Client, currentPassword: string, newPassword: string) =>
  c.post('/api/v1/me/password', { currentPassword, newPassword });

describe('self-service password change', () => {
  it('needs the current password, applies the rule, and ends the other sessions', async () => {
    const desk = await t.as('operator2');
    const phone = await t.as('operator2');

    const wrong = await change(desk, 'not-my-password', 'Better#Pass2027');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      error: { code: 'AUTH.WRONG_PASSWORD', details: { fields: [{ field: 'currentPassword' }] } },
    });

    for (const [weak, why] of [
      ['short1!A', /至少 10 个字符/],
      ['alllowercaseletters', /四类中的至少三类/],
      ['Operator2#Jiesu', /用户名/],
      [TEST_PASSWORD, /不能与当前密码相同/],
    ] as const) {
      const res = await change(desk, TEST_PASSWORD, weak);
      expect(res.statusCode, weak).toBe(400);
      const body = res.json() as { error: { details: { fields: { field: string; message: string }[] } } };
      expect(body.error.details.fields[0]?.field).toBe('newPassword');
      expect(body.error.details.fields[0]?.message).toMatch(why);
    }
    // Nothing changed so far: the old password still logs in.
    expect((await loginWith('operator2', TEST_PASSWORD)).statusCode).toBe(200);

    expect((await change(desk, TEST_PASSWORD, 'Better#Pass2027')).statusCode).toBe(200);
    expect((await desk.get('/api/v1/me')).statusCode).toBe(200);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
    expect((await loginWith('operator2', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await loginWith('operator2', 'Better#Pass2027')).statusCode).toBe(200);

    const auditor = await t.as('auditor');
    const records = (await auditor.get('/api/v1/audit?action=password.change')).json() as {
      items: { outcome: string; actorUsername: string; details: Record<string, unknown> }[];
    };
    expect(records.items.map((r) => r.outcome).sort()).toEqual([
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
      'success',
    ]);
    expect(JSON.stringify(records.items)).not.toContain('Better#Pass2027');
  });

  it('five wrong current passwords lock the account like failed logins', async () => {
    const c = await t.as('operator');
    for (let i = 0; i < 5; i++) await change(c, `wrong-${i}`, 'Another#Pass2027');
    const locked = await loginWith('operator', TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    t.clock.advance(5 * 60 + 1);
    expect((await loginWith('operator', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('a password an admin set must be changed before anything else', async () => {
    const admin = await t.as('admin');
    const created = await admin.post('/api/v1/users', {
      username: 'newop',
      displayName: '新话务员',
      password: 'Temp#Given2026',
      roles: ['office_operator'],
      unitId: t.units.get('OFFICE'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const first = await loginWith('newop', 'Temp#Given2026');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ user: { passwordChangeRequired: true } });
    const token = (first.json() as { token: string }).token;
    const headers = { authorization: `Bearer ${token}` };
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/tickets', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: 'AUTH.PASSWORD_CHANGE_REQUIRED' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).json()).toMatchObject({
      passwordChangeRequired: true,
    });
    // The web page and its scripts still load, or the user could not reach the form.
    for (const url of ['/', '/assets/index.js']) {
      const page = await t.app.inject({ method: 'GET', url, headers });
      expect(page.statusCode, url).not.toBe(403);
      expect(page.body, url).not.toContain('AUTH.PASSWORD_CHANGE_REQUIRED');
    }

    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers,
      payload: { currentPassword: 'Temp#Given2026', newPassword: 'Mine#Own2026x' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tickets', headers })).statusCode).toBe(200);
    expect((await loginWith('newop', 'Mine#Own2026x')).json()).toMatchObject({
      user: { passwordChangeRequired: false },
    });
  });
});

describe('auditor role (separation of duties)', () => {
  it('reads and verifies the audit log, and sees no tickets and no admin screens', async () => {
    const auditor = await t.as('auditor');
    expect((await auditor.get('/api/v1/audit')).statusCode).toBe(200);
    expect((await auditor.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true });
    const list = (await auditor.get('/api/v1/tickets')).json() as { total: number };
    expect(list.total).toBe(0);
    expect((await auditor.get('/api/v1/directory/users')).statusCode).toBe(403);
    expect((await auditor.get('/api/v1/policies')).statusCode).toBe(403);
    // Nobody else reads the audit log.
    for (const u of ['operator2', 'supervisor', 'leader', 's220204-bjl.handler']) {
      const c = await t.as(u).catch(() => null);
      if (!c) continue; // operator2's password was changed above
      expect((await c.get('/api/v1/audit')).statusCode, u).toBe(403);
    }
  });
});
