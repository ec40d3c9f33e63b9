/**
 * Accounts: TOTP second factor, required for admins where configured (always in production);
 * a code works once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { currentCode } from './totp.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { adminTotpRequired: true } });
});
afterAll(() => t.close());

const login = (username: string, totp?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: TEST_PASSWORD, ...(totp ? { totp } : {}) },
  });

describe('TOTP second factor', () => {
  it('an admin without a second factor may only enrol one; after that every login needs a fresh code, which works once', async () => {
    const first = await login('admin');
    expect(first.statusCode).toBe(200);
    const admin = { authorization: `Bearer ${(first.json() as { token: string }).token}` };
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: 'AUTH.MFA_REQUIRED' } });

    const { secret, otpauthUri } = (
      await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: admin })
    ).json() as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: admin,
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: admin,
      payload: { code: currentCode(secret, t.clock.now()) },
    });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin })).statusCode).toBe(
      200,
    );

    expect((await login('admin')).json()).toMatchObject({ error: { code: 'AUTH.TOTP_REQUIRED' } });
    t.clock.advance(30);
    const code = currentCode(secret, t.clock.now());
    expect((await login('admin', code)).statusCode).toBe(200);
    const replay = await login('admin', code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ error: { code: 'AUTH.INVALID_TOTP' } });
    t.clock.advance(30);
    expect((await login('admin', currentCode(secret, t.clock.now()))).statusCode).toBe(200);
  });

  it('is available to everyone: an operator who enrols needs a code from then on; others are not asked', async () => {
    const op = await t.as('operator');
    const { secret } = (await op.post('/api/v1/me/totp')).json() as { secret: string };
    t.clock.advance(30);
    expect(
      (await op.post('/api/v1/me/totp/confirm', { code: currentCode(secret, t.clock.now()) })).statusCode,
    ).toBe(200);
    expect((await login('operator')).statusCode).toBe(401);
    t.clock.advance(30);
    expect((await login('operator', currentCode(secret, t.clock.now()))).statusCode).toBe(200);
    expect((await login('revisitor')).statusCode).toBe(200);
  });
});
