/**
 * Partner platforms of R2.1, in and out, against a real partner: an HTTP server on loopback (node:http) that checks
 * every signature, answers some deliveries 500 and holds others past our timeout after taking them in. Requests
 * are pushed signed (bad signature, stale timestamp and replay refused with their codes; the same reference is
 * one ticket, R2.2), walked through their lifecycle (R4.2–R4.6), and the report-backs (回传) go out through the
 * outbox across a restart of the app on the same database, with a claim left by a process that died. The partner
 * takes every report-back exactly once per Idempotency-Key, one key per (ticket, event), in order per ticket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { createContext, prepareData } from '../bootstrap.js';
import { FixedClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { Database, DatabaseOptions } from '../db/client.js';
import { policyVersions } from '../db/schema.js';
import { DEFAULT_POLICY } from '../../shared/policy.js';
import { DEFAULT_TEST_NOW, freshDatabase, TEST_PASSWORD } from '../test/harness.js';
import { unitIdsByCode } from '../reference/seed.js';
import { OutboxWorker } from './outbox.worker.js';
import { claimDue, countByStatus } from './outbox.repository.js';
import { PartnerPoller } from './inbound.service.js';
import { sign, verify } from './signature.js';

const SECRET = 'partner-96118-secret-0123456789abcdef';
const HOOK_SECRET = 'webhook-secret-0123456789abcdef';
const HTTP_TIMEOUT_MS = 2_000;
const MAX_ATTEMPTS = 8;

// ---------- the app, started twice on the same database ----------

interface Running {
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  worker: OutboxWorker;
}

const clock = new FixedClock(DEFAULT_TEST_NOW);
const keysJson = JSON.stringify({
  active: 'k1',
  keys: { k1: randomBytes(32).toString('base64') },
  hashKey: randomBytes(32).toString('base64'),
});
let dbOptions: DatabaseOptions;
let dropDb: () => Promise<void> = async () => {};
const dirs: string[] = [];
let current: Running;

async function start(): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-partners-'));
  dirs.push(dataDir);
  const config: Config = {
    ...loadConfig({ DATA_DIR: dataDir }),
    demo: true,
    demoPassword: TEST_PASSWORD,
    sessionIdleSeconds: 365 * 86400,
    sessionAbsoluteSeconds: 365 * 86400,
    rateLimits: { loginPerMinute: 10_000, publicSubmitPerMinute: 10_000, publicTrackPerMinute: 10_000 },
  };
  const { ctx, database } = await createContext(config, clock, dbOptions, { JIESU_DATA_KEYS: keysJson });
  await prepareData(ctx);
  await ctx.db
    .update(policyVersions)
    .set({ data: { ...DEFAULT_POLICY, revisitSampleRate: 1 } })
    .where(eq(policyVersions.version, 1));
  ctx.policy.invalidate();
  const app = await buildApp(ctx, { testClock: clock });
  await app.ready();
  // Short delays (the clock is moved by the test, never waited for); a timeout long enough that only the partner's
  // held answers run past it, also on a loaded machine.
  const worker = new OutboxWorker(ctx, {
    timeoutMs: HTTP_TIMEOUT_MS,
    baseDelayMs: 10_000,
    maxDelayMs: 60_000,
    maxAttempts: MAX_ATTEMPTS,
    leaseMs: 120_000,
  });
  return { app, ctx, database, worker };
}

async function stop(r: Running): Promise<void> {
  await r.worker.stop();
  await r.app.close();
  await r.database.close();
}

async function login(
  username: string,
): Promise<(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => Promise<LightMyRequestResponse>> {
  const res = await current.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  const token = (res.json() as { token: string }).token;
  return (method, url, body) =>
    current.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
}

// ---------- the partner on loopback ----------

interface Taken {
  key: string;
  event: string;
  caseNo: string;
  ticketId: string;
}

class Partner {
  server: Server;
  url = '';
  /** Requests that reached us, by key (repeats included). */
  received = new Map<string, number>();
  /** What the partner took in, once per key, in order. */
  taken: Taken[] = [];
  badSignatures = 0;
  answered500 = 0;
  heldPastTimeout = 0;
  private n = 0;
  /** Failing on purpose: every 3rd request 500; every 5th taken in, then answered too late. */
  flaky = true;
  holds: Promise<void>[] = [];

  constructor(private readonly secret: string) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/report`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const ts = String(req.headers['x-jiesu-timestamp'] ?? '');
    const sig = String(req.headers['x-jiesu-signature'] ?? '');
    const key = String(req.headers['idempotency-key'] ?? '');
    if (!verify(this.secret, ts, body, sig) || !key) {
      this.badSignatures++;
      res.writeHead(401).end();
      return;
    }
    this.received.set(key, (this.received.get(key) ?? 0) + 1);
    const n = ++this.n;
    if (this.flaky && n % 3 === 0) {
      this.answered500++;
      res.writeHead(500).end('{"error":"busy"}');
      return;
    }
    // Idempotent on the key: a repeat is answered, not taken again.
    if (!this.taken.some((t) => t.key === key)) {
      const p = JSON.parse(body) as { event: string; caseNo: string; ticketId: string };
      this.taken.push({ key, event: p.event, caseNo: p.caseNo, ticketId: p.ticketId });
    }
    if (this.flaky && n % 5 === 0) {
      // Taken in, but the answer comes after the sender gave up: it must send the same key again.
      this.heldPastTimeout++;
      this.holds.push(
        new Promise((r) =>
          setTimeout(() => {
            res.writeHead(200).end('{}');
            r();
          }, HTTP_TIMEOUT_MS + 1_500),
        ),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((r) => this.server.close(() => r()));
  }

  /** Back on its old port after being down. */
  async reopen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    const port = Number(new URL(this.url).port);
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', r));
  }
}

const partner = new Partner(SECRET);
/** A webhook subscriber that is down at first: its deliveries are dead-lettered, then replayed. */
const subscriber = new Partner(HOOK_SECRET);

// ---------- pushing, signed ----------

function push(code: string, body: unknown, options: { secret?: string; ts?: number; raw?: string } = {}) {
  const raw = options.raw ?? JSON.stringify(body);
  const ts = String(options.ts ?? Math.floor(clock.now().getTime() / 1000));
  return {
    ts,
    raw,
    headers: {
      'content-type': 'application/json',
      'x-jiesu-timestamp': ts,
      'x-jiesu-signature': sign(options.secret ?? SECRET, ts, raw),
    },
    send: (headers?: Record<string, string>) =>
      current.app.inject({
        method: 'POST',
        url: `/api/v1/partners/${code}/requests`,
        headers: headers ?? {
          'content-type': 'application/json',
          'x-jiesu-timestamp': ts,
          'x-jiesu-signature': sign(options.secret ?? SECRET, ts, raw),
        },
        payload: raw,
      }),
  };
}

const request = (caseNo: string, extra: Record<string, unknown> = {}) => ({
  case: { no: caseNo },
  content: `船营区北京路幸福小区 ${caseNo} 号楼下水井堵塞，污水外溢三天了，请尽快处理。`,
  petitioner: { name: '李四', mobile: '13912345678' },
  districtCode: '220204',
  ...extra,
});

let connectorId = '';
let subscriptionId = '';
const ticketIds: string[] = [];

beforeAll(async () => {
  const db = await freshDatabase();
  if (db.url) {
    dbOptions = db.options;
    dropDb = db.drop;
  } else {
    // PGlite keeps the database on disk in a folder of its own, so the second start opens the same data.
    const dir = mkdtempSync(join(tmpdir(), 'jiesu-partners-db-'));
    dirs.push(dir);
    dbOptions = { kind: 'pglite', dataDir: dir };
  }
  await partner.listen();
  await subscriber.listen();
  current = await start();
}, 120_000);

afterAll(async () => {
  await Promise.all([...partner.holds, ...subscriber.holds]);
  await stop(current).catch(() => undefined);
  await partner.close();
  await subscriber.close();
  await dropDb();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('partner connectors in and out', () => {
  it('R2.1: the administrator configures a connector for 省长热线96118 and a webhook; the office may not', async () => {
    const admin = await login('admin');
    const res = await admin('POST', '/api/v1/integrations/connectors', {
      code: 'hotline-96118',
      name: '省长热线96118',
      channel: 'hotline_96118',
      endpointUrl: partner.url,
      secret: SECRET,
      reportEvents: ['accepted', 'completed', 'replied', 'revisit'],
      fieldMapping: {
        inbound: {
          channelRef: 'case.no',
          'complainant.name': 'petitioner.name',
          'complainant.phone': 'petitioner.mobile',
          'location.district': 'districtCode',
        },
        outbound: { channelRef: 'caseNo' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json() as { id: string; inboundPath: string; secret?: string };
    connectorId = view.id;
    expect(view.inboundPath).toBe('/api/v1/partners/hotline-96118/requests');
    // A secret given is never shown back.
    expect(view.secret).toBeUndefined();
    expect(JSON.stringify((await admin('GET', '/api/v1/integrations/connectors')).json())).not.toContain(
      SECRET,
    );

    const hook = await admin('POST', '/api/v1/integrations/webhooks', {
      name: '城市数据平台',
      url: subscriber.url,
      secret: HOOK_SECRET,
      eventTypes: ['register', 'dispatch'],
      districtCodes: ['220204'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    subscriptionId = (hook.json() as { id: string }).id;
    // The subscriber is down from now on, until the office replays its dead letters.
    await subscriber.close();

    const operator = await login('operator');
    const denied = await operator('POST', '/api/v1/integrations/connectors', {
      code: 'x1',
      name: 'x',
      channel: 'hotline_96118',
    });
    expect(denied.statusCode).toBe(403);
    expect((denied.json() as { error: { code: string } }).error.code).toBe('AUTH.FORBIDDEN');
    // The office follows the deliveries.
    expect((await operator('GET', '/api/v1/integrations/deliveries')).statusCode).toBe(200);
  });

  it('R2.2: a signed push registers one ticket per partner reference; bad signature, stale timestamp and replay are refused', async () => {
    const first = push('hotline-96118', request('SZ-0001'));
    const created = await first.send();
    expect(created.statusCode, created.body).toBe(201);
    const ticket = created.json() as { ticketId: string; code: string; created: boolean };
    expect(ticket.created).toBe(true);

    // The same signed request again: a replay.
    const replayed = await first.send();
    expect(replayed.statusCode).toBe(409);
    expect((replayed.json() as { error: { code: string } }).error.code).toBe('PARTNER.REPLAYED');

    // The partner retrying, signed anew: the same ticket, 200.
    clock.advance(1);
    const again = await push('hotline-96118', request('SZ-0001')).send();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ticketId: ticket.ticketId, code: ticket.code, created: false });

    const wrongKey = await push('hotline-96118', request('SZ-0002'), {
      secret: 'someone-else-secret-000000',
    }).send();
    expect(wrongKey.statusCode).toBe(401);
    expect((wrongKey.json() as { error: { code: string } }).error.code).toBe('PARTNER.SIGNATURE_INVALID');

    // The body changed after signing.
    const p = push('hotline-96118', request('SZ-0002'));
    const tampered = await current.app.inject({
      method: 'POST',
      url: '/api/v1/partners/hotline-96118/requests',
      headers: p.headers,
      payload: p.raw.replace('SZ-0002', 'SZ-0003'),
    });
    expect((tampered.json() as { error: { code: string } }).error.code).toBe('PARTNER.SIGNATURE_INVALID');

    const stale = await push('hotline-96118', request('SZ-0002'), {
      ts: Math.floor(clock.now().getTime() / 1000) - 301,
    }).send();
    expect(stale.statusCode).toBe(401);
    expect((stale.json() as { error: { code: string } }).error.code).toBe('PARTNER.TIMESTAMP_STALE');

    const unsigned = await current.app.inject({
      method: 'POST',
      url: '/api/v1/partners/hotline-96118/requests',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: JSON.stringify(request('SZ-0002')),
    });
    expect(unsigned.statusCode).toBe(401);
    expect((unsigned.json() as { error: { message: string } }).error.message).toMatch(/signature/i);

    const unknown = await push('nobody', request('SZ-0002')).send();
    expect((unknown.json() as { error: { code: string } }).error.code).toBe('PARTNER.NOT_FOUND');

    const noRef = await push('hotline-96118', { ...request('x'), case: {} }).send();
    expect(noRef.statusCode).toBe(400);
    expect((noRef.json() as { error: { code: string } }).error.code).toBe('PARTNER.MAPPING_INVALID');

    // The ticket is on the partner's channel with its reference; the complainant sealed like any other (R9.1).
    const operator = await login('operator');
    const view = (await operator('GET', `/api/v1/tickets/${ticket.ticketId}`)).json() as Record<
      string,
      unknown
    >;
    expect(view).toMatchObject({ channel: 'hotline_96118', channelRef: 'SZ-0001' });
    ticketIds.push(ticket.ticketId);
  });

  it('a poll-only partner: its list is read from a persisted cursor, each request once', async () => {
    const pages: Record<string, { items: unknown[]; nextCursor: string | null }> = {
      '': { items: [request('SZ-0101'), request('SZ-0102')], nextCursor: 'c2' },
      c2: { items: [request('SZ-0103'), request('SZ-0101')], nextCursor: 'c3' },
      c3: { items: [], nextCursor: null },
    };
    let badPollSignatures = 0;
    const list = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (
        !verify(
          SECRET,
          String(req.headers['x-jiesu-timestamp']),
          '',
          String(req.headers['x-jiesu-signature']),
        )
      ) {
        badPollSignatures++;
        res.writeHead(401).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(pages[url.searchParams.get('cursor') ?? ''] ?? { items: [], nextCursor: null }));
    });
    await new Promise<void>((r) => list.listen(0, '127.0.0.1', r));
    try {
      const admin = await login('admin');
      const res = await admin('POST', '/api/v1/integrations/connectors', {
        code: 'people-board',
        name: '人民网领导留言板',
        channel: 'people_daily_board',
        secret: SECRET,
        pollUrl: `http://127.0.0.1:${(list.address() as AddressInfo).port}/list`,
        pollIntervalSeconds: 60,
        fieldMapping: {
          inbound: {
            channelRef: 'case.no',
            'complainant.name': 'petitioner.name',
            'complainant.phone': 'petitioner.mobile',
            'location.district': 'districtCode',
          },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const poller = new PartnerPoller(current.ctx);
      expect(await poller.runOnce()).toBe(3);
      // Not due again within its interval; after it, nothing new past the cursor.
      expect(await poller.runOnce()).toBe(0);
      clock.advance(61);
      expect(await poller.runOnce()).toBe(0);
      const connectors = (await admin('GET', '/api/v1/integrations/connectors')).json() as {
        code: string;
        pollCursor: string | null;
      }[];
      expect(connectors.find((c) => c.code === 'people-board')?.pollCursor).toBe('c3');
      expect(badPollSignatures).toBe(0);
    } finally {
      await new Promise<void>((r) => list.close(() => r()));
    }
  });

  it('R4.2–R4.6: report-backs reach the partner exactly once per key, in order per ticket, across its failures and a restart', async () => {
    const operator = await login('operator');
    for (let i = 2; i <= 6; i++) {
      clock.advance(1);
      const res = await push('hotline-96118', request(`SZ-000${i + 2}`)).send();
      expect(res.statusCode, res.body).toBe(201);
      ticketIds.push((res.json() as { ticketId: string }).ticketId);
    }
    const units = await unitIdsByCode(current.ctx.db);
    const street = units.get('S220204-BJL')!;
    const handler = await login('s220204-bjl.handler');
    const revisitor = await login('revisitor');
    const act = async (as: typeof operator, id: string, action: string, body: unknown) => {
      const res = await as('POST', `/api/v1/tickets/${id}/${action}`, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    };
    for (const id of ticketIds) {
      await act(operator, id, 'dispatch', { unitId: street });
      await act(handler, id, 'accept', { responsiblePerson: '王建军' });
      await act(handler, id, 'verify', { text: '现场核实属实' });
    }
    // Some go out now, with the partner failing on purpose …
    await current.worker.drain();
    for (const id of ticketIds) {
      await act(handler, id, 'complete', { result: '已疏通下水井并清理路面' });
      await act(handler, id, 'feedback', { toComplainant: '已电话告知处理结果', toOffice: '已办结' });
    }
    await current.worker.drain();
    for (const id of ticketIds) await act(revisitor, id, 'revisit', { outcome: 'satisfied', note: '' });

    // … then a process claims a batch and dies before sending it: its claims stay 'sending' until the lease ends.
    clock.advance(120);
    const claimed = await current.ctx.db.transaction((tx) =>
      claimDue(tx, clock.now(), new Date(clock.now().getTime() + 120_000), 8),
    );
    expect(claimed.length).toBeGreaterThan(0);
    await stop(current);

    // Restart on the same database; move the clock through backoffs and the dead claim's lease until all is done.
    current = await start();
    for (let round = 0; round < 40; round++) {
      await current.worker.drain();
      const c = await countByStatus(current.ctx.db);
      if (c.pending + c.sending === 0) break;
      clock.advance(60);
    }
    await Promise.all(partner.holds);

    const expected = ticketIds.length * 4;
    const keysByEvent = new Map<string, Set<string>>();
    for (const t of partner.taken) {
      const k = `${t.ticketId}:${t.event}`;
      keysByEvent.set(k, (keysByEvent.get(k) ?? new Set()).add(t.key));
    }
    // Nothing lost: every (ticket, event) taken; one key each; each key taken once.
    expect(keysByEvent.size).toBe(expected);
    expect([...keysByEvent.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(partner.taken.map((t) => t.key)).size).toBe(partner.taken.length);
    expect(partner.taken.length).toBe(expected);
    // The partner's own field names (outbound mapping) and its references.
    expect(partner.taken.every((t) => /^SZ-\d{4}$/.test(t.caseNo))).toBe(true);
    // In order per ticket: 受理, 办结, 答复, 回访.
    for (const id of ticketIds) {
      expect(partner.taken.filter((t) => t.ticketId === id).map((t) => t.event)).toEqual([
        'accepted',
        'completed',
        'replied',
        'revisit',
      ]);
    }
    expect(partner.badSignatures).toBe(0);

    const office = await login('operator');
    const list = (
      await office('GET', '/api/v1/integrations/deliveries?pageSize=100&targetId=' + connectorId)
    ).json() as {
      items: { id: string; attempts: number; status: string }[];
      counts: Record<string, number>;
    };
    expect(list.items).toHaveLength(expected);
    expect(
      list.items.filter((d) => d.status !== 'delivered'),
      'every report-back delivered',
    ).toEqual([]);
    const retried = list.items.filter((d) => d.attempts > 1).length;
    const repeats = [...partner.received.values()].reduce((a, n) => a + n - 1, 0);
    // The figures for the report (printed by the test run).
    console.log(
      `partner report-backs: delivered ${list.items.length}, retried ${retried} (partner 500s ${partner.answered500}, ` +
        `answered past timeout ${partner.heldPastTimeout}, requests repeated with the same key ${repeats}), ` +
        `claims left by the dead process ${claimed.length}, dead-lettered ${list.items.filter((d) => d.status === 'dead').length}`,
    );
    expect(retried).toBeGreaterThan(0);

    // The log of one retried delivery: attempts with status, code, duration, error — no payload, no personal data.
    const one = list.items.find((d) => d.attempts > 1)!;
    const detail = (await office('GET', `/api/v1/integrations/deliveries/${one.id}`)).json() as {
      log: { outcome: string; error: string | null; httpStatus: number | null }[];
    };
    expect(detail.log.length).toBeGreaterThan(1);
    expect(detail.log.at(-1)?.outcome).toBe('delivered');
    expect(JSON.stringify(detail)).not.toMatch(/李四|13912345678|幸福小区/);
  }, 120_000);

  it('webhooks: a subscriber down is dead-lettered after the attempts; the office replays with the same key; a test delivery', async () => {
    subscriber.flaky = false;
    // A request from another district: the subscription's district filter leaves it out.
    clock.advance(1);
    const elsewhere = await push('hotline-96118', request('SZ-0901', { districtCode: '220202' })).send();
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    for (let round = 0; round < 40; round++) {
      await current.worker.drain();
      const c = await countByStatus(current.ctx.db);
      if (c.pending + c.sending === 0) break;
      clock.advance(60);
    }
    const office = await login('operator');
    const dead = (
      await office(
        'GET',
        `/api/v1/integrations/deliveries?status=dead&targetId=${subscriptionId}&pageSize=100`,
      )
    ).json() as {
      items: { id: string; eventType: string; attempts: number; lastError: string | null }[];
      counts: { dead: number };
    };
    // register + dispatch of every pushed ticket in district 220204, register of the three polled ones; none of 220202.
    expect(dead.items.length).toBe(ticketIds.length * 2 + 3);
    expect(dead.items.every((d) => d.attempts === MAX_ATTEMPTS && /网络错误/.test(d.lastError ?? ''))).toBe(
      true,
    );

    // Back up; replayed from the dead-letter list.
    await subscriber.reopen();
    const target = dead.items[0]!;
    const replayed = await office('POST', `/api/v1/integrations/deliveries/${target.id}/replay`);
    expect(replayed.statusCode, replayed.body).toBe(200);
    expect((await office('POST', `/api/v1/integrations/deliveries/${target.id}/replay`)).statusCode).toBe(
      409,
    );
    await current.worker.drain();
    expect(subscriber.taken.map((t) => t.key)).toEqual([target.id]);
    const detail = (await office('GET', `/api/v1/integrations/deliveries/${target.id}`)).json() as {
      status: string;
    };
    expect(detail.status).toBe('delivered');

    // The test button.
    const admin = await login('admin');
    const test = await admin('POST', `/api/v1/integrations/webhooks/${subscriptionId}/test`);
    expect(test.statusCode, test.body).toBe(201);
    await current.worker.drain();
    expect(subscriber.taken).toHaveLength(2);
    console.log(
      `webhook: dead-lettered ${dead.items.length} after ${MAX_ATTEMPTS} attempts each, replayed 1 → delivered; test delivery delivered`,
    );
  }, 60_000);
});
