/**
 * Ids have one form (GB/T 22239 8.1.4.3 安全审计, R9.1): a ticket id sent in upper case or with spaces is the
 * same ticket — it opens for its own unit as it does in lower case, and the audit record it causes hashes
 * what the database stores, so nobody can break the chain by choosing the case of an id. Verification
 * reports every record that does not fit, and how, not only the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { audit } from '../audit/audit.service.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let admin: Client;
let operator: Client;
let handler: Client;
let ticketId: string;

type Verify = {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
  brokenCount: number;
  broken: { id: number; differs: string[] }[];
};
const verify = async () => (await admin.get('/api/v1/audit/verify')).json() as Verify;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  ticketId = ((await operator.post('/api/v1/tickets', ticketBody())).json() as { id: string }).id;
  const dispatched = await operator.post(`/api/v1/tickets/${ticketId.toUpperCase()}/dispatch`, {
    unitId: (t.units.get('S220204-BJL') as string).toUpperCase(),
  });
  expect(dispatched.statusCode).toBe(200);
});
afterAll(() => t.close());

describe('an id in upper case is the same id', () => {
  it("R9.1 a unit user's own ticket opens in upper case exactly as in lower case (not 404)", async () => {
    const lower = await handler.get(`/api/v1/tickets/${ticketId}`);
    const upper = await handler.get(`/api/v1/tickets/${ticketId.toUpperCase()}`);
    expect(lower.statusCode).toBe(200);
    expect(upper.statusCode).toBe(200);
    expect(upper.json()).toMatchObject({ id: ticketId });
    const events = await handler.get(`/api/v1/tickets/${ticketId.toUpperCase()}/events`);
    expect(events.statusCode).toBe(200);
    const accepted = await handler.post(`/api/v1/tickets/${ticketId.toUpperCase()}/accept`, {
      responsiblePerson: '王建军',
    });
    expect(accepted.statusCode).toBe(200);
  });

  it('GB/T 22239 8.1.4.3 requests with upper-case ids (read, act, denied, audit filter) leave the chain whole', async () => {
    const other = await t.as('s220202-ya.handler');
    expect((await other.get(`/api/v1/tickets/${ticketId.toUpperCase()}`)).statusCode).toBe(404);
    await operator.get(`/api/v1/tickets/${ticketId.toUpperCase()}`);
    const auditor = await t.as('auditor');
    expect((await auditor.get(`/api/v1/audit/tickets/${ticketId.toUpperCase()}/record`)).statusCode).toBe(
      200,
    );
    const filtered = await admin.get(`/api/v1/audit?ticketId=${ticketId.toUpperCase()}&pageSize=200`);
    expect((filtered.json() as { total: number }).total).toBeGreaterThan(3);
    // And a caller inside the server that passes an id as it came:
    await audit(t.ctx.db, {
      at: t.clock.now(),
      actor: null,
      action: 'test.upper-case',
      ticketId: ` ${ticketId.toUpperCase()} `,
      outcome: 'success',
    });
    const rows = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE ticket_id = ${ticketId}`,
    );
    expect(rows[0]?.n).toBeGreaterThan(5);
    expect(await verify()).toMatchObject({ ok: true, brokenAt: null, brokenCount: 0, broken: [] });
  });
});

describe('verification reports every broken record', () => {
  it('two changed rows and one removed row are each named, with what differs; the rows between are not', async () => {
    const ids = (
      await queryRows<{ id: number }>(t.ctx.db, sql`SELECT id FROM audit_log ORDER BY id LIMIT 12`)
    ).map((r) => Number(r.id));
    const [a, b, removed, afterRemoved] = [ids[2], ids[6], ids[9], ids[10]] as number[];
    await t.ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await t.ctx.db.execute(sql`UPDATE audit_log SET action = action || '.x' WHERE id = ${a}`);
    await t.ctx.db.execute(sql`UPDATE audit_log SET ip = '10.9.9.9' WHERE id = ${b}`);
    await t.ctx.db.execute(sql`DELETE FROM audit_log WHERE id = ${removed}`);
    await t.ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.brokenAt).toBe(a);
    expect(v.brokenCount).toBe(3);
    expect(v.broken.map((r) => [r.id, r.differs])).toEqual([
      [a, ['content']],
      [b, ['content']],
      [afterRemoved, ['link']],
    ]);
  });
});
