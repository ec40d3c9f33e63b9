/**
 * Audit log (R9.1): logins, denied access, unmasked views and admin changes are recorded with who,
 * role, unit, when, where and outcome; the chain detects a tampered row; no personal data is ever in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { startTestApp, ticketBody, TEST_PASSWORD, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let admin: Client;
let operator: Client;
let ticketId: string;

type Audit = {
  action: string;
  outcome: string;
  actorUsername: string | null;
  actorRole: string | null;
  ticketId: string | null;
  ip: string | null;
  at: string;
  details: Record<string, unknown>;
};
const entries = async (q = '') =>
  ((await admin.get(`/api/v1/audit?pageSize=200${q}`)).json() as { items: Audit[] }).items;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  operator = await t.as('operator');
  ticketId = (
    (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent' }))).json() as { id: string }
  ).id;
  await operator.post(`/api/v1/tickets/${ticketId}/dispatch`, { unitId: t.units.get('S220204-BJL') });
});
afterAll(() => t.close());

describe('what is recorded', () => {
  it('logins, successful and failed, with where from and the time with its offset — never the password', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'revisitor', password: 'wrong-Password1' },
      remoteAddress: '10.1.2.3',
    });
    const logins = await entries('&action=login');
    expect(logins.find((e) => e.actorUsername === 'revisitor')).toMatchObject({
      outcome: 'failure',
      ip: '10.1.2.3',
      details: { reason: 'wrong-password' },
    });
    expect(logins.find((e) => e.actorUsername === 'operator')).toMatchObject({
      outcome: 'success',
      actorRole: 'office_operator',
    });
    expect(logins[0]?.at).toMatch(/\+08:00$/);
    expect(JSON.stringify(logins)).not.toContain('wrong-Password1');
  });

  it('R9.1 every unmasked view is recorded; a masked view is not a disclosure', async () => {
    await operator.get(`/api/v1/tickets/${ticketId}`);
    const leader = await t.as('leader');
    await leader.get(`/api/v1/tickets/${ticketId}`);
    const views = await entries(`&ticketId=${ticketId}&action=personal-data.view`);
    expect(views.map((v) => v.actorUsername)).toEqual(['operator']);
  });

  it('denied access: another unit reading the ticket (answered 404) and a forbidden action (403)', async () => {
    const other = await t.as('s220202-ya.handler');
    expect((await other.get(`/api/v1/tickets/${ticketId}`)).statusCode).toBe(404);
    const superior = await t.as('d220204.handler');
    expect(
      (await superior.post(`/api/v1/tickets/${ticketId}/accept`, { responsiblePerson: '某' })).statusCode,
    ).toBe(403);
    const denied = (await entries(`&ticketId=${ticketId}`)).filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => `${e.actorUsername}:${e.action}`).sort()).toEqual([
      'd220204.handler:authorization.denied',
      's220202-ya.handler:ticket.read',
    ]);
  });

  it('admin changes are recorded', async () => {
    await admin.post('/api/v1/policies', { changes: { revisitSampleRate: 0.35 }, note: '提高抽查比例' });
    expect((await entries('&action=policy.create'))[0]).toMatchObject({
      outcome: 'success',
      actorUsername: 'admin',
    });
  });

  it('holds no personal data and only admins may read it', async () => {
    const dump = JSON.stringify(await queryRows(t.ctx.db, sql`SELECT * FROM audit_log`));
    expect(dump).not.toContain('13812345678');
    expect(dump).not.toContain('张三');
    expect((await operator.get('/api/v1/audit')).statusCode).toBe(403);
  });
});

describe('the auditor reads the log by ticket code and opens an audit view of the ticket', () => {
  it('R9.1 entries carry the ticket code; the record view shows the timeline without personal data, and is itself audited', async () => {
    const auditor = await t.as('auditor');
    const code = ((await operator.get(`/api/v1/tickets/${ticketId}`)).json() as { code: string }).code;
    const log = (await auditor.get(`/api/v1/audit?ticketId=${ticketId}`)).json() as {
      items: { ticketCode: string | null }[];
    };
    expect(log.items.length).toBeGreaterThan(0);
    expect(log.items.every((e) => e.ticketCode === code)).toBe(true);
    const byCode = (await auditor.get(`/api/v1/audit?ticketCode=${code}`)).json() as { total: number };
    expect(byCode.total).toBe(log.items.length);

    // The ticket page itself is not the auditor's (404 as for anyone not handling it): the audit view is.
    expect((await auditor.get(`/api/v1/tickets/${ticketId}`)).statusCode).toBe(404);
    const record = await auditor.get(`/api/v1/audit/tickets/${ticketId}/record`);
    expect(record.statusCode, record.body).toBe(200);
    expect(record.json()).toMatchObject({
      code,
      status: 'dispatched',
      events: [
        { action: 'register', toStatus: 'registered' },
        { action: 'dispatch', fromStatus: 'registered', toStatus: 'dispatched' },
      ],
    });
    expect(record.body).not.toContain('张三');
    expect(record.body).not.toContain('13812345678');
    expect(record.body).not.toContain(ticketBody().content);
    expect((await entries(`&ticketId=${ticketId}&action=audit.ticket-record.view`))[0]).toMatchObject({
      actorUsername: 'auditor',
      outcome: 'success',
    });
    expect((await operator.get(`/api/v1/audit/tickets/${ticketId}/record`)).statusCode).toBe(403);
  });
});

describe('tamper evidence', () => {
  it('refuses UPDATE and DELETE, and the chain points at a row changed behind its back', async () => {
    expect((await admin.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true, brokenAt: null });
    await expect(t.ctx.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    const [victim] = await queryRows<{ id: number }>(
      t.ctx.db,
      sql`SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2`,
    );
    // Someone with database superuser rights disables the guard and rewrites history:
    await t.ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await t.ctx.db.execute(sql`UPDATE audit_log SET outcome = 'success' WHERE id = ${victim?.id}`);
    await t.ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    expect((await admin.get('/api/v1/audit/verify')).json()).toMatchObject({
      ok: false,
      brokenAt: Number(victim?.id),
    });
  });
});

describe('brute force', () => {
  it('the 6th attempt after 5 wrong passwords is locked out, even with the right password, for 5 minutes', async () => {
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'operator2', password },
      });
    for (let i = 0; i < 5; i++) expect((await attempt('Wrong@Pass123')).statusCode).toBe(401);
    const locked = await attempt(TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ error: { code: 'AUTH.LOCKED' } });
    t.clock.advance(5 * 60 + 1);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });
});
