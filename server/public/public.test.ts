/**
 * The citizens' door: a proof-of-work check instead of a third-party captcha,
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

describe('tracking cannot be guessed (R9.1; GB/T 22239 8.1.4.4)', () => {
  it('after 5 failed attempts on one code — from 5 addresses — that code answers 429 for 15 minutes, even to the right phone', async () => {
    const c = await challenge();
    const res = await request(c, solveChallenge(c), '10.7.0.1');
    expect(res.statusCode, res.body).toBe(201);
    const { code, reference } = res.json() as { code: string; reference: string };
    const track = (ref: string, phone: string, i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/public/track',
        remoteAddress: `10.7.1.${i}`,
        payload: { code: ref, phone },
      });
    // Guessing the last 4 digits of the phone, each guess from another address:
    for (let i = 0; i < 5; i++)
      expect((await track(reference, `1391234${5000 + i}`, i)).statusCode).toBe(404);
    const locked = await track(reference, '13912345678', 99);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({
      error: { code: 'REQUEST.RATE_LIMITED', message: '该编号查询失败次数过多，请 900 秒后再试。' },
    });
    // Guessing the check characters counts against the same code.
    expect((await track(`${code}-AAAAAA`, '13912345678', 98)).statusCode).toBe(429);
    // A code that does not exist is limited alike, so the limit tells nothing either.
    for (let i = 0; i < 5; i++)
      expect((await track('J99999999999999-ABCDEF', '13912345678', 50 + i)).statusCode).toBe(404);
    expect((await track('J99999999999999-ABCDEF', '13912345678', 60)).statusCode).toBe(429);
    // Other codes are not affected, and the window passes.
    t.clock.advance(15 * 60 + 1);
    const ok = await track(reference, '139-1234-5678', 100);
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('public submission and tracking', () => {
  it('R2.1 R4.1 a citizen submits through the website channel and tracks it by its reference plus phone, seeing no internal notes', async () => {
    const c = await challenge();
    const res = await request(c, solveChallenge(c), '10.0.0.1');
    expect(res.statusCode, res.body).toBe(201);
    const { code, reference } = res.json() as { code: string; reference: string };
    expect(reference).toMatch(new RegExp(`^${code}-[A-HJ-NP-Z2-9]{6}$`));
    const operator = await t.as('operator');
    const list = (await operator.get(`/api/v1/tickets?q=${code}`)).json() as {
      items: { id: string; channel: string; status: string }[];
    };
    expect(list.items[0]).toMatchObject({ channel: 'web_window', status: 'registered' });
    await operator.post(`/api/v1/tickets/${list.items[0]?.id}/dispatch`, {
      unitId: t.units.get('S220204-BJL'),
    });

    const tracked = await t.anonymous.post('/api/v1/public/track', {
      code: reference.toLowerCase(),
      phone: '139 1234 5678',
    });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json()).toMatchObject({
      code,
      reference,
      status: 'dispatched',
      statusText: '已转办',
      name: '李*',
    });
    expect((tracked.json() as { stages: { text: string }[] }).stages.map((s) => s.text)).toEqual([
      '已受理',
      '已转办承办单位',
    ]);
    expect(tracked.body).not.toContain('13912345678');

    const wrongPhone = await t.anonymous.post('/api/v1/public/track', {
      code: reference,
      phone: '13900000000',
    });
    const wrongCode = await t.anonymous.post('/api/v1/public/track', {
      code: 'J00000000000000-ABCDEF',
      phone: '13912345678',
    });
    // The sequential code alone, with the right phone, is not enough (R9.1).
    const bareCode = await t.anonymous.post('/api/v1/public/track', { code, phone: '13912345678' });
    expect(wrongPhone.statusCode).toBe(404);
    expect(wrongPhone.body).toBe(wrongCode.body);
    expect(bareCode.statusCode).toBe(404);
    expect(bareCode.body).toBe(wrongCode.body);
  });

  it('refuses a number that cannot be called back and a one-character request, saying what a valid entry looks like', async () => {
    const send = async (content: string, phone: string) => {
      const c = await challenge();
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/public/requests',
        remoteAddress: '10.0.0.9',
        payload: { challenge: c, solution: solveChallenge(c), content, complainant: { name: '李雷', phone } },
      });
    };
    const operator = await t.as('operator');
    const total = async () =>
      ((await operator.get('/api/v1/tickets?pageSize=1')).json() as { total: number }).total;
    const before = await total();
    const bad = await send('坏', '12345');
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json() as { error: { details: { fields: { field: string; message: string }[] } } })
      .error.details.fields;
    expect(fields.find((f) => f.field === 'complainant.phone')?.message).toContain('13812345678');
    expect(fields.find((f) => f.field === 'content')?.message).toContain('至少 10 个字');
    expect((await send('小区门口路灯坏了一个月，晚上很黑。', '0432-12345')).statusCode).toBe(400);
    expect(await total()).toBe(before);
  });

  it('R4.5 R9.1 after feedback the tracking page shows the reply given to the complainant, numbers masked', async () => {
    const c = await challenge();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/requests',
      remoteAddress: '10.0.0.10',
      payload: {
        challenge: c,
        solution: solveChallenge(c),
        content: '幸福小区门口下水井堵了，污水漫到路上。',
        complainant: { name: '韩梅梅', phone: '0432-62345678' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { code, reference } = res.json() as { code: string; reference: string };
    const operator = await t.as('operator');
    const handler = await t.as('s220204-bjl.handler');
    const id = ((await operator.get(`/api/v1/tickets?q=${code}`)).json() as { items: { id: string }[] })
      .items[0]?.id as string;
    const track = async () =>
      (await t.anonymous.post('/api/v1/public/track', { code: reference, phone: '043262345678' })).json() as {
        reply: { text: string } | null;
      };
    for (const [action, body] of [
      ['dispatch', { unitId: t.units.get('S220204-BJL') }],
      ['accept', { responsiblePerson: '李四' }],
      ['verify', { text: '已到现场核实。' }],
      ['complete', { result: '已疏通下水井。' }],
    ] as const) {
      const r = await (action === 'dispatch' ? operator : handler).post(
        `/api/v1/tickets/${id}/${action}`,
        body,
      );
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    expect((await track()).reply).toBeNull();
    const fed = await handler.post(`/api/v1/tickets/${id}/feedback`, {
      toComplainant: '下水井已疏通，如再堵请拨打物业 13912345678。',
      toOffice: '已办结。',
    });
    expect(fed.statusCode, fed.body).toBe(200);
    expect((await track()).reply?.text).toBe('下水井已疏通，如再堵请拨打物业 *******5678。');
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

  it('rate-limits public submission per address', async () => {
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

describe('front door headers', () => {
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
