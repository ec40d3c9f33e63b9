/**
 * Durable timers: warning, overdue, supervision case — exactly once; across processes and
 * across a killed process on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let admin: Client; // the test clock is the administrator's
let handler: Client;
let supervisor: Client;

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  admin = await t.as('admin');
  handler = await t.as('s220204-bjl.handler');
  supervisor = await t.as('supervisor');
});
afterAll(() => t.close());

type Event = { action: string };
const events = async (id: string) =>
  ((await operator.get(`/api/v1/tickets/${id}/events`)).json() as Event[]).map((e) => e.action);
const count = (list: string[], what: string) => list.filter((x) => x === what).length;
const cases = async (id: string) =>
  (
    await queryRows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM supervision_cases WHERE ticket_id = ${id}`,
    )
  )[0]?.n;

describe('deadline timers over the API with JIESU_FAKE_TIME', () => {
  it('R4.4.1 R6.1 an urgent ticket left alone gets exactly one warning, one overdue event and one supervision case', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent' }))).json() as {
      id: string;
    };
    await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('S220204-BJL') });
    await admin.post('/api/v1/test-clock', { advanceSeconds: 22 * 3600 - 1 });
    expect(count(await events(id), 'deadline-warning')).toBe(0);
    await admin.post('/api/v1/test-clock', { advanceSeconds: 2 });
    expect(count(await events(id), 'deadline-warning')).toBe(1);
    const inbox = (await handler.get('/api/v1/notifications')).json() as { kind: string; ticketId: string }[];
    // Newest first: the warning, after the notice of the dispatch itself.
    expect(inbox.filter((n) => n.ticketId === id).map((n) => n.kind)).toEqual([
      'deadline-warning',
      'dispatch',
    ]);
    await admin.post('/api/v1/test-clock', { advanceSeconds: 2 * 3600 });
    await admin.post('/api/v1/test-clock', { advanceSeconds: 3 * 86400 });
    const all = await events(id);
    expect(count(all, 'deadline-warning')).toBe(1);
    expect(count(all, 'overdue')).toBe(1);
    expect(await cases(id)).toBe(1);
    const ticket = (await operator.get(`/api/v1/tickets/${id}`)).json() as {
      deadlines: { overdue: boolean };
    };
    expect(ticket.deadlines.overdue).toBe(true);
    const sup = (await supervisor.get('/api/v1/notifications')).json() as {
      kind: string;
      ticketId: string;
    }[];
    expect(sup.filter((n) => n.ticketId === id).map((n) => n.kind)).toEqual(['overdue']);
  });

  it('R4.4.3 a plan recorded before the deadline is a justified reason: the original deadline passes without an overdue', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' }))).json() as {
      id: string;
    };
    await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('S220204-BJL') });
    await handler.post(`/api/v1/tickets/${id}/accept`, { responsiblePerson: '刘洋' });
    await handler.post(`/api/v1/tickets/${id}/verify`, { text: '属实' });
    const planned = await handler.post(`/api/v1/tickets/${id}/plan`, {
      plan: '需审批',
      promisedAt: '2026-12-04T18:00:00+08:00',
    });
    expect(planned.statusCode).toBe(200);
    await admin.post('/api/v1/test-clock', { advanceSeconds: 10 * 86400 }); // past the original 11-18 deadline
    expect(count(await events(id), 'overdue')).toBe(0);
    expect(await cases(id)).toBe(0);
    await admin.post('/api/v1/test-clock', { advanceSeconds: 15 * 86400 }); // past the promised date
    expect(count(await events(id), 'overdue')).toBe(1);
    expect(await cases(id)).toBe(1);
  });

  it('a completed ticket never goes overdue', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent' }))).json() as {
      id: string;
    };
    await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get('S220204-BJL') });
    await handler.post(`/api/v1/tickets/${id}/accept`, { responsiblePerson: '王' });
    await handler.post(`/api/v1/tickets/${id}/report-disposal`, { text: '处置' });
    await handler.post(`/api/v1/tickets/${id}/complete`, { result: '完成' });
    await admin.post('/api/v1/test-clock', { advanceSeconds: 3 * 86400 });
    expect(count(await events(id), 'overdue')).toBe(0);
  });
});

/** Creates `n` dispatched tickets whose deadlines passed, with their pending timers, straight in SQL. */
async function seedOverdue(n: number): Promise<void> {
  const unit = t.units.get('S220204-BJL');
  await t.ctx.db.execute(sql`
    INSERT INTO tickets (code, status, urgency, channel, received_at, registered_at, title, content,
      complainant_name_enc, complainant_phone_enc, complainant_phone_hash, policy_version, lead_unit_id,
      dispatched_at, complete_due_at, updated_at)
    SELECT 'BULK' || g, 'dispatched', 'urgent', 'hotline_12345', now(), now(), '批量', '批量',
      'x', 'x', 'h' || g, 1, ${unit}, now() - interval '2 days', now() - interval '1 day', now()
    FROM generate_series(1, ${n}) g`);
  await t.ctx.db.execute(sql`
    INSERT INTO ticket_timers (ticket_id, kind, due_at)
    SELECT id, 'overdue', complete_due_at FROM tickets WHERE code LIKE 'BULK%'`);
}

function sweeper(batch: number): { done: Promise<string>; kill: () => void; firstBatch: Promise<void> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/timers/sweep.cli.ts', String(batch)], {
    env: {
      ...process.env,
      DATABASE_URL: t.databaseUrl ?? '',
      JIESU_DATA_KEYS: t.keysJson,
      JIESU_FAKE_TIME: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let first: () => void = () => {};
  const firstBatch = new Promise<void>((r) => (first = r));
  proc.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('batch')) first();
  });
  proc.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return {
    done: new Promise((r) => proc.once('exit', () => r(out))),
    kill: () => proc.kill('SIGKILL'),
    firstBatch,
  };
}

const firedOverdue = async () =>
  (
    await queryRows<{ events: number; cases: number; pending: number; tickets: number }>(
      t.ctx.db,
      sql`SELECT
        (SELECT count(*)::int FROM ticket_events e JOIN tickets k ON k.id = e.ticket_id WHERE k.code LIKE 'BULK%' AND e.action = 'overdue') AS events,
        (SELECT count(*)::int FROM supervision_cases s JOIN tickets k ON k.id = s.ticket_id WHERE k.code LIKE 'BULK%') AS cases,
        (SELECT count(*)::int FROM ticket_timers tt JOIN tickets k ON k.id = tt.ticket_id WHERE k.code LIKE 'BULK%' AND tt.fired_at IS NULL) AS pending,
        (SELECT count(DISTINCT e.ticket_id)::int FROM ticket_events e JOIN tickets k ON k.id = e.ticket_id WHERE k.code LIKE 'BULK%' AND e.action = 'overdue') AS tickets`,
    )
  )[0];

describe.runIf(process.env.TEST_DATABASE_URL)('timers across processes on PostgreSQL', () => {
  it('two sweeping processes on one database fire each timer exactly once', async () => {
    await t.ctx.db.execute(sql`DELETE FROM ticket_timers WHERE fired_at IS NULL`);
    await seedOverdue(1500);
    const [a, b] = [sweeper(50), sweeper(50)];
    const outs = await Promise.all([a.done, b.done]);
    const totals = outs.map((o) => Number(/done (\d+)/.exec(o)?.[1] ?? NaN));
    expect(totals[0]! + totals[1]!, outs.join('\n')).toBe(1500);
    expect(
      totals.every((n) => n > 0),
      'both processes took a share',
    ).toBe(true);
    expect(await firedOverdue()).toEqual({ events: 1500, cases: 1500, pending: 0, tickets: 1500 });
  }, 120_000);

  it('a sweeping process killed mid-run loses and doubles nothing after restart', async () => {
    await t.ctx.db.execute(
      sql`DELETE FROM supervision_cases; DELETE FROM ticket_timers; DELETE FROM ticket_events WHERE action = 'overdue'`,
    );
    await t.ctx.db.execute(sql`UPDATE ticket_timers SET fired_at = NULL`);
    await t.ctx.db.execute(
      sql`INSERT INTO ticket_timers (ticket_id, kind, due_at) SELECT id, 'overdue', complete_due_at FROM tickets WHERE code LIKE 'BULK%'`,
    );
    const first = sweeper(20);
    await first.firstBatch;
    first.kill();
    await first.done;
    const mid = await firedOverdue();
    expect(mid?.events).toBeGreaterThan(0);
    expect(mid?.events).toBeLessThan(1500);
    expect(mid?.events).toBe(mid?.cases);
    const second = sweeper(200);
    await second.done;
    expect(await firedOverdue()).toEqual({ events: 1500, cases: 1500, pending: 0, tickets: 1500 });
  }, 120_000);
});
