/**
 * The one error shape {error:{code,message,details?}} and "an invalid request changes nothing",
 * duplicate channel references (R2.2), the test clock (§9), and reference data over HTTP (§5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
});
afterAll(() => t.close());

const total = async () =>
  ((await operator.get('/api/v1/tickets?pageSize=1')).json() as { total: number }).total;

describe('bad input gets a clear error and changes nothing', () => {
  it('400 names the failing fields, in Chinese', async () => {
    const before = await total();
    const res = await operator.post(
      '/api/v1/tickets',
      ticketBody({ content: '', complainant: { name: '张三', phone: 'abc' } }),
    );
    expect(res.statusCode).toBe(400);
    const err = (
      res.json() as { error: { code: string; message: string; details: { fields: { field: string }[] } } }
    ).error;
    expect(err.code).toBe('REQUEST.INVALID');
    expect([...new Set(err.details.fields.map((f) => f.field))].sort()).toEqual([
      'complainant.phone',
      'content',
    ]);
    expect(err.message).toMatch(/不/);
    expect(await total()).toBe(before);
  });

  it('messages follow Accept-Language: Chinese by default, English when the reader prefers it', async () => {
    const bad = ticketBody({ content: '', complainant: { name: '张三', phone: '12345' } });
    const ask = (lang?: string) =>
      operator.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: bad,
        headers: lang ? { 'accept-language': lang } : {},
      });
    type Err = { error: { message: string; details: { fields: { field: string; message: string }[] } } };
    const zh = (await ask()).json() as Err;
    const zhToo = (await ask('zh-CN,zh;q=0.9,en;q=0.8')).json() as Err;
    const en = (await ask('en-US,en;q=0.9,zh-CN;q=0.5')).json() as Err;
    const fieldOf = (e: Err, f: string) => e.error.details.fields.find((x) => x.field === f)?.message;
    expect(fieldOf(zh, 'content')).toBe('诉求内容不能为空');
    expect(zhToo).toEqual(zh);
    expect(fieldOf(en, 'content')).toBe('Request is required');
    expect(fieldOf(en, 'complainant.phone')).toMatch(/^Enter a number we can call back.*0432-62345678/);
    expect(en.error.message).toMatch(/^The request is not valid: /);
    expect(JSON.stringify(en)).not.toMatch(/\p{Script=Han}/u);
    const missing = await operator.inject({
      method: 'GET',
      url: '/api/v1/tickets/00000000-0000-4000-8000-000000000000',
      headers: { 'accept-language': 'en' },
    });
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as Err).error.message).toBe('The ticket does not exist or you may not see it.');
  });

  it('400 for an unknown channel, category or district, with the field', async () => {
    const before = await total();
    for (const [override, field] of [
      [{ channel: 'fax' }, 'channel'],
      [{ categoryCode: 'NOPE' }, 'categoryCode'],
      [{ location: { district: '火星区' } }, 'location.district'],
    ] as const) {
      const res = await operator.post('/api/v1/tickets', ticketBody(override));
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      expect(res.json()).toMatchObject({ error: { details: { fields: [{ field }] } } });
    }
    expect(await total()).toBe(before);
  });

  it('400 for malformed JSON', async () => {
    const res = await operator.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { 'content-type': 'application/json' },
      payload: '{"channel": "hotline_12345",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'REQUEST.MALFORMED_JSON' } });
  });

  it('413 for an oversized body', async () => {
    const before = await total();
    const res = await operator.post('/api/v1/tickets', ticketBody({ content: '堵'.repeat(600_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'REQUEST.TOO_LARGE' } });
    expect(await total()).toBe(before);
  });

  it('415 for a wrong content type', async () => {
    const res = await operator.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { 'content-type': 'text/plain' },
      payload: 'channel=hotline_12345',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('401 without a session, 404 JSON for an unknown path', async () => {
    const res = await t.anonymous.get('/api/v1/tickets');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'AUTH.UNAUTHENTICATED' } });
    const nope = await operator.get('/api/v1/nope');
    expect(nope.statusCode).toBe(404);
    expect(nope.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('409 TICKET.INVALID_TRANSITION for a state jump, and the ticket is unchanged', async () => {
    const { id } = (await operator.post('/api/v1/tickets', ticketBody())).json() as { id: string };
    const handler = await t.as('s220204-bjl.handler');
    await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('S220204-BJL') });
    const jump = await handler.post(`/api/v1/tickets/${id}/complete`, { result: '跳过签收直接办结' });
    expect(jump.statusCode).toBe(409);
    expect(jump.json()).toMatchObject({ error: { code: 'TICKET.INVALID_TRANSITION' } });
    expect(((await operator.get(`/api/v1/tickets/${id}`)).json() as { status: string }).status).toBe(
      'dispatched',
    );
    expect(((await operator.get(`/api/v1/tickets/${id}/events`)).json() as unknown[]).length).toBe(2);
  });

  it('400 for a forged id and for a dispatch to a unit that does not exist', async () => {
    expect((await operator.get('/api/v1/tickets/1%27%20OR%201=1')).statusCode).toBe(400);
    const { id } = (await operator.post('/api/v1/tickets', ticketBody())).json() as { id: string };
    const res = await operator.post(`/api/v1/tickets/${id}/dispatch`, {
      unitId: '00000000-0000-4000-8000-000000000001',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'UNIT.NOT_FOUND', details: { fields: [{ field: 'unitId' }] } },
    });
    expect(((await operator.get(`/api/v1/tickets/${id}`)).json() as { status: string }).status).toBe(
      'registered',
    );
  });
});

describe('R2.2 the same submission delivered twice is one ticket', () => {
  it('returns the first ticket with 200 and creates nothing', async () => {
    const first = await operator.post(
      '/api/v1/tickets',
      ticketBody({ channel: 'mayor_mailbox', channelRef: 'MB-2026-000123' }),
    );
    expect(first.statusCode).toBe(201);
    const before = await total();
    const again = await operator.post(
      '/api/v1/tickets',
      ticketBody({ channel: 'mayor_mailbox', channelRef: 'MB-2026-000123', content: '重复投递' }),
    );
    expect(again.statusCode).toBe(200);
    expect((again.json() as { id: string }).id).toBe((first.json() as { id: string }).id);
    expect(await total()).toBe(before);
    // The same reference on another channel is another request.
    const other = await operator.post(
      '/api/v1/tickets',
      ticketBody({ channel: 'hotline_12345', channelRef: 'MB-2026-000123' }),
    );
    expect(other.statusCode).toBe(201);
  });
});

describe('reference data (R2.1, R3, R7.2)', () => {
  it('has the ten channels of R2.1, urgent categories of R3.1 and units with peer groups', async () => {
    const channels = (await operator.get('/api/v1/channels')).json() as { nameZh: string }[];
    expect(channels.map((c) => c.nameZh)).toEqual([
      '国务院互联网+督查',
      '人民网领导留言板',
      '省长热线96118',
      '省政府省长信箱',
      '12345便民服务热线',
      '市政府网站市长信箱',
      '市政府网站民生诉求窗口',
      '市长信件',
      '市长电话室群众来信',
      '今日网络舆情',
    ]);
    // A registration starts on the 12345 hotline (configurable with JIESU_DEFAULT_CHANNEL).
    expect(
      (channels as { nameZh: string; isDefault: boolean }[]).filter((c) => c.isDefault).map((c) => c.nameZh),
    ).toEqual(['12345便民服务热线']);
    const categories = (await operator.get('/api/v1/categories')).json() as {
      nameZh: string;
      defaultUrgency: string;
    }[];
    expect(categories.find((c) => c.nameZh.includes('停水'))?.defaultUrgency).toBe('urgent');
    expect(categories.length).toBeGreaterThan(600);
    const units = (await operator.get('/api/v1/units')).json() as {
      nameZh: string;
      peerGroup: string | null;
    }[];
    expect(units.find((u) => u.nameZh.includes('船营区人民政府'))?.peerGroup).toBe('district_government');
    const users = (await operator.get(`/api/v1/users?unitId=${t.units.get('S220204-BJL')}`)).json() as {
      roles: string[];
    }[];
    expect(users.flatMap((u) => u.roles).sort()).toEqual(['unit_handler', 'unit_leader']);
    const handler = await t.as('s220204-bjl.handler');
    expect((await handler.get('/api/v1/users')).statusCode).toBe(403);
  });
});

describe('test clock', () => {
  it('the administrator reads and moves the injected clock', async () => {
    const admin = await t.as('admin');
    const now = (await admin.get('/api/v1/test-clock')).json() as { now: string };
    const moved = (await admin.post('/api/v1/test-clock', { advanceSeconds: 3600 })).json() as {
      now: string;
    };
    expect(new Date(moved.now).getTime() - new Date(now.now).getTime()).toBe(3600_000);
  });

  it('R9.1 nobody else reads the SMS bodies (rating links) or moves the clock, and one move is at most 366 days', async () => {
    const { id } = (await operator.post('/api/v1/tickets', ticketBody())).json() as { id: string };
    const before = (await (await t.as('admin')).get('/api/v1/test-clock')).json() as { now: string };
    for (const who of [t.anonymous, operator, await t.as('s220204-bjl.handler'), await t.as('supervisor')]) {
      expect([401, 403]).toContain((await who.get(`/api/v1/test-clock/sms?ticketId=${id}`)).statusCode);
      expect([401, 403]).toContain(
        (await who.post('/api/v1/test-clock', { advanceSeconds: 86400 })).statusCode,
      );
      expect([401, 403]).toContain((await who.get('/api/v1/test-clock')).statusCode);
    }
    const admin = await t.as('admin');
    const tooFar = await admin.post('/api/v1/test-clock', { advanceSeconds: 367 * 86400 });
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.body).toContain('366');
    const after = (await admin.get('/api/v1/test-clock')).json() as { now: string };
    expect(after.now).toBe(before.now);
  });
});
