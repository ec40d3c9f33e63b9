/**
 * The citizens' door (issue 8 §8, issue 3 §5): a proof-of-work check instead of a third-party captcha,
 * submission, tracking by code plus phone, rate limits and security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.js';
import { solveChallenge, type Challenge } from './challenge.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    config: {
      rateLimits: { loginPerMinute: 10_000, publicSubmitPerMinute: 3, publicTrackPerMinute: 10_000 },
    },
  });
});
afterAll(() => t.close());

const challenge = async () => (await t.anonymous.get('/api/v1/public/challenge')).json() as Challenge;
const request = (c: Challenge, solution: string, remoteAddress = '127.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/public/requests',
    remoteAddress,
    payload: {
      challenge: c,
      solution,
      content: '小区门口路灯坏了一个月，晚上很黑。',
      complainant: { name: '李雷', phone: '13912345678' },
      location: { district: '船营区' },
    },
  });

describe('public submission and tracking', () => {
  it('R2.1 R4.1 a citizen submits through the website channel and tracks it by code plus phone, seeing no internal notes', async () => {
    const c = await challenge();
    const res = await request(c, solveChallenge(c), '10.0.0.1');
    expect(res.statusCode, res.body).toBe(201);
    const { code } = res.json() as { code: string };
    const operator = await t.as('operator');
    const list = (await operator.get(`/api/v1/tickets?q=${code}`)).json() as {
      items: { id: string; channel: string; status: string }[];
    };
    expect(list.items[0]).toMatchObject({ channel: 'web_window', status: 'registered' });
    await operator.post(`/api/v1/tickets/${list.items[0]?.id}/dispatch`, {
      unitId: t.units.get('S220204-BJL'),
    });

    const tracked = await t.anonymous.post('/api/v1/public/track', { code, phone: '139 1234 5678' });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json()).toMatchObject({ code, status: 'dispatched', statusText: '已转办', name: '李*' });
    expect((tracked.json() as { stages: { text: string }[] }).stages.map((s) => s.text)).toEqual([
      '已受理',
      '已转办承办单位',
    ]);
    expect(tracked.body).not.toContain('13912345678');

    const wrongPhone = await t.anonymous.post('/api/v1/public/track', { code, phone: '13900000000' });
    const wrongCode = await t.anonymous.post('/api/v1/public/track', {
      code: 'J00000000000000',
      phone: '13912345678',
    });
    expect(wrongPhone.statusCode).toBe(404);
    expect(wrongPhone.body).toBe(wrongCode.body);
  });

  it('refuses a wrong solution and a forged challenge; a replayed challenge lands on the same ticket (R2.2)', async () => {
    const c = await challenge();
    const good = solveChallenge(c);
    expect((await request(c, String(Number(good) + 1), '10.0.0.2')).statusCode).toBe(400);
    expect((await request({ ...c, bits: 1 }, '0', '10.0.0.2')).statusCode).toBe(400);
    const first = await request(c, good, '10.0.0.3');
    const replay = await request(c, good, '10.0.0.4');
    expect((replay.json() as { code: string }).code).toBe((first.json() as { code: string }).code);
  });

  it('rate-limits public submission per address (issue 3 §5)', async () => {
    const codes: number[] = [];
    let last = '';
    for (let i = 0; i < 4; i++) {
      const c = await challenge();
      const res = await request(c, solveChallenge(c), '10.9.9.9');
      codes.push(res.statusCode);
      last = res.body;
    }
    expect(codes).toEqual([201, 201, 201, 429]);
    // A stable code and a Chinese message with the wait (ASVS V11.1; GB/T 22239 8.1.4.4).
    expect(JSON.parse(last)).toMatchObject({
      error: {
        code: 'REQUEST.RATE_LIMITED',
        message: expect.stringMatching(/请求过于频繁，请 \d+ 秒后再试/),
      },
    });
  });
});

describe('front door headers (issue 3 §5)', () => {
  it('sends CSP with frame-ancestors, nosniff, and no HSTS without TLS', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'operator', password: 'Test@Jiesu2026' },
    });
    expect(String(login.headers['set-cookie'])).toMatch(
      /HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/i,
    );
  });
});
