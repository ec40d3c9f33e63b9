/**
 * The front door as an outside probe tried it: forwarded addresses, lockout answers, cross-site writes and the
 * test clock (R9.1; GB/T 22239 8.1.4.1, 8.1.4.3; ASVS V2.2.1, V4.2.2, V7.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, TEST_PASSWORD, ticketBody, type TestApp } from '../test/harness.js';
import { loadConfig } from '../config.js';
import { queryRows } from '../db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

async function lastLoginAddress(username: string): Promise<string | null> {
  const rows = await queryRows<{ ip: string | null }>(
    t.ctx.db,
    sql`SELECT ip FROM audit_log WHERE action = 'login' AND actor_username = ${username} ORDER BY id DESC LIMIT 1`,
  );
  return rows[0]?.ip ?? null;
}

describe('X-Forwarded-For is believed only from configured proxies', () => {
  it('a forged header from a client is ignored: the audit log records the real peer', async () => {
    await login('leader', TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.77' });
    expect(await lastLoginAddress('leader')).toBe('127.0.0.1');
  });

  it('JIESU_TRUSTED_PROXIES takes addresses and CIDR ranges and refuses anything else at start', () => {
    expect(loadConfig({ JIESU_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,::1' }).trustedProxies).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(() => loadConfig({ JIESU_TRUSTED_PROXIES: 'proxy.example' })).toThrow(/JIESU_TRUSTED_PROXIES/);
    expect(() => loadConfig({ JIESU_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/JIESU_TRUSTED_PROXIES/);
  });

  it('behind a configured proxy the forwarded client address is what the audit log records', async () => {
    const behind = await startTestApp({ config: { trustedProxies: ['127.0.0.1'] } });
    try {
      await behind.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'leader', password: TEST_PASSWORD },
        headers: { 'x-forwarded-for': '198.51.100.9' },
      });
      const rows = await queryRows<{ ip: string | null }>(
        behind.ctx.db,
        sql`SELECT ip FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1`,
      );
      expect(rows[0]?.ip).toBe('198.51.100.9');
    } finally {
      await behind.close();
    }
  });
});

describe('lockout does not tell which user names exist', () => {
  it('an unknown name is locked after five failures exactly like an account, and freed after 5 minutes', async () => {
    const answers = async (username: string) => {
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await login(username, 'Wrong@Pass123')).statusCode);
      return codes;
    };
    const real = await answers('revisitor');
    const unknown = await answers('nobody-here');
    expect(unknown).toEqual(real);
    expect(unknown).toEqual([401, 401, 401, 401, 401, 423]);
    const locked = await login('nobody-here', 'Wrong@Pass123');
    expect(locked.json()).toMatchObject({ error: { code: 'AUTH.LOCKED' } });
    t.clock.advance(5 * 60 + 1);
    expect((await login('nobody-here', 'Wrong@Pass123')).statusCode).toBe(401);
    expect((await login('revisitor', TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('cookie-authenticated writes must come from the platform’s own pages', () => {
  let cookie: string;
  beforeAll(async () => {
    const res = await login('operator', TEST_PASSWORD);
    const set = res.headers['set-cookie'];
    cookie = (Array.isArray(set) ? set[0] : set)?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^jiesu_session=/);
  });
  const countTickets = async () =>
    Number((await queryRows<{ n: string }>(t.ctx.db, sql`SELECT count(*) AS n FROM tickets`))[0]?.n);
  const register = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: ticketBody(),
      headers: { cookie, ...headers },
    });

  it('a POST from a foreign Origin or a cross-site fetch is refused with 403 and nothing is registered', async () => {
    const before = await countTickets();
    const forms: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost' },
    ];
    for (const headers of forms) {
      const res = await register(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'AUTH.CROSS_SITE' } });
    }
    expect(await countTickets()).toBe(before);
  });

  it('the platform’s own page, a reading request and a bearer-token client go through', async () => {
    expect((await register({ origin: 'http://jiesu.example', host: 'jiesu.example:80' })).statusCode).toBe(
      201,
    );
    expect(
      (await register({ origin: 'https://hotline.example:8443', host: 'hotline.example:8443' })).statusCode,
    ).toBe(201);
    expect((await register({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(read.statusCode).toBe(200);
    const operator = await t.as('operator');
    const viaToken = await operator.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: ticketBody(),
      headers: { origin: 'https://partner.example' },
    });
    expect(viaToken.statusCode).toBe(201);
  });
});
