/**
 * Security proof, bad inputs: injection and script strings in Chinese and ASCII — including
 * full-width quotes — are stored and shown as literal text; the database holds no plaintext phone or ID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
});
afterAll(() => t.close());

const HOSTILE = [
  "'; DROP TABLE tickets; --",
  '" OR "1"="1',
  '＇ OR ＇1＇=＇1',
  '“；DROP TABLE users；——',
  "<script>alert('xss')</script>",
  '<img src=x onerror=alert(1)>',
  '＜script＞alert(“跨站”)＜/script＞',
  '${7*7} {{7*7}} %s %n',
  'Robert\u0000); DELETE FROM users;',
];

describe('hostile strings are data, never code', () => {
  for (const s of HOSTILE) {
    it(`stores and returns literally: ${JSON.stringify(s)}`, async () => {
      const res = await operator.post(
        '/api/v1/tickets',
        ticketBody({
          title: `标题${s}`.slice(0, 200),
          content: `内容：${s}`,
          complainant: { name: `张${s}`.slice(0, 50), phone: '13812345678' },
        }),
      );
      if (s.includes('\u0000')) {
        // PostgreSQL text cannot hold NUL: refused cleanly with 400, nothing stored.
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ error: { code: 'REQUEST.INVALID' } });
        return;
      }
      expect(res.statusCode, res.body).toBe(201);
      const { id } = res.json() as { id: string };
      const back = (await operator.get(`/api/v1/tickets/${id}`)).json() as {
        title: string;
        content: string;
        complainant: { name: string };
      };
      expect(back.content).toBe(`内容：${s}`);
      expect(back.complainant.name).toBe(`张${s}`.slice(0, 50));
      const search = (await operator.get(`/api/v1/tickets?q=${encodeURIComponent(s)}`)).json() as {
        items: { id: string }[];
      };
      expect(search.items.map((i) => i.id)).toContain(id);
    });
  }

  it('the tables are still there and JSON responses are not HTML', async () => {
    const n = await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM users`);
    expect(Number(n[0]?.n)).toBeGreaterThan(100);
    const res = await operator.get('/api/v1/tickets?pageSize=1');
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('data at rest (R9.1)', () => {
  it('a dump of every table shows no plaintext phone, ID number, name or address', async () => {
    await operator.post(
      '/api/v1/tickets',
      ticketBody({
        complainant: {
          name: '欧阳明月',
          phone: '13698765432',
          idNumber: '220204199001011234',
          address: '吉林市船营区北京路街道明月小区8栋',
        },
      }),
    );
    const tables = await queryRows<{ tablename: string }>(
      t.ctx.db,
      sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    let dump = '';
    for (const { tablename } of tables) {
      dump += JSON.stringify(await queryRows(t.ctx.db, sql.raw(`SELECT * FROM "${tablename}"`)));
    }
    for (const secret of ['13698765432', '220204199001011234', '欧阳明月', '明月小区8栋'])
      expect(dump).not.toContain(secret);
    expect(dump.length).toBeGreaterThan(10_000);
  });
});
