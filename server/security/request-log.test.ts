/**
 * What reaches the logs at LOG_LEVEL=info (GB/T 35273 §7, GB/T 22239 8.1.4.3, R9.1; ASVS V7.1.1, V8.3.5): a
 * line per request with a random request id and the route pattern — never the query string (`?q=<phone>`),
 * path parameters (ids, the rating token) or bodies; failed queries without their parameters. The pino
 * destination is captured, so every line the server writes is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DestinationStream } from 'pino';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

const lines: string[] = [];
const capture: DestinationStream = { write: (line: string) => void lines.push(line) };
const logged = () => lines.join('');
const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

let t: TestApp;
let operator: Client;
let ticketId: string;

beforeAll(async () => {
  t = await startTestApp({ logStream: capture });
  operator = await t.as('operator');
  ticketId = (
    (await operator.post('/api/v1/tickets', ticketBody({ title: '李四家门口井盖丢失' }))).json() as {
      id: string;
    }
  ).id;
});
afterAll(() => t.close());

const PHONE = '13812345678';
const NAME = '张三';

describe('request lines', () => {
  it('GB/T 35273 §7 a search by phone or name logs the route pattern and a request id, never the query', async () => {
    lines.length = 0;
    expect((await operator.get(`/api/v1/tickets?q=${PHONE}`)).statusCode).toBe(200);
    expect((await operator.get(`/api/v1/tickets?q=${encodeURIComponent(NAME)}&pageSize=5`)).statusCode).toBe(
      200,
    );
    const requests = records().filter((r) => r.msg === 'request');
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r).toMatchObject({ level: 30, method: 'GET', route: '/api/v1/tickets', statusCode: 200 });
      expect(r.reqId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(requests[0]?.reqId).not.toBe(requests[1]?.reqId);
    expect(logged()).not.toContain(PHONE);
    expect(logged()).not.toContain(NAME);
    expect(logged()).not.toContain(encodeURIComponent(NAME));
    expect(logged()).not.toContain('?');
  });

  it('R9.1 ids in the path and bodies are not logged; a client-sent request id is not believed', async () => {
    lines.length = 0;
    const res = await operator.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticketId}`,
      headers: { 'request-id': 'forged-id', 'x-request-id': 'forged-id' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await operator.post(`/api/v1/tickets/${ticketId}/dispatch`, { unitId: t.units.get('S220204-BJL') });
    const routes = records().map((r) => r.route);
    expect(routes).toEqual(['/api/v1/tickets/:id', '/api/v1/tickets/:id/dispatch']);
    expect(logged()).not.toContain(ticketId);
    expect(logged()).not.toContain(t.units.get('S220204-BJL'));
    expect(logged()).not.toContain('forged-id');
    expect(records()[0]?.reqId).toBe(res.headers['x-request-id']);
  });

  it('an address that matches no route is logged as such, not as the path sent', async () => {
    lines.length = 0;
    const token = 'a'.repeat(43);
    expect((await t.anonymous.get(`/api/v1/public/rating/${token}`)).statusCode).toBe(404);
    expect(records()[0]).toMatchObject({ route: '(no route)', statusCode: 404 });
    expect(logged()).not.toContain(token);
  });
});

describe('the rating token travels in a POST body', () => {
  it('R4.6.3 the page posts the token it read from #<token>; it is in no log line', async () => {
    lines.length = 0;
    const token = 'b'.repeat(43);
    const info = await t.anonymous.post('/api/v1/public/rating/info', { token });
    expect(info.statusCode).toBe(404);
    expect((info.json() as { error: { code: string } }).error.code).toBeTruthy();
    expect(records()[0]).toMatchObject({ route: '/api/v1/public/rating/info', method: 'POST' });
    expect(logged()).not.toContain(token);
  });
});

describe('failed queries', () => {
  it('GB/T 22239 8.1.4.3 a failed query is logged with its SQL, never its parameters or the value PostgreSQL quotes', async () => {
    lines.length = 0;
    const secret = `${NAME}的诉求标题 ${PHONE}`;
    const err = await t.ctx.db.execute(sql`SELECT ${secret}::uuid AS x`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    // The raw error carries the values: this is what would have been logged.
    expect(
      String((err as Error).message) + JSON.stringify((err as { cause?: unknown }).cause ?? ''),
    ).toContain(PHONE);
    t.app.log.error({ err }, 'unhandled error');
    const [line] = records();
    expect(line).toMatchObject({ level: 50, msg: 'unhandled error' });
    expect(JSON.stringify(line)).toContain('::uuid');
    expect(logged()).not.toContain(PHONE);
    expect(logged()).not.toContain(NAME);
  });
});
