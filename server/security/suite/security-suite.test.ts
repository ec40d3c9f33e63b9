/**
 * The generated security suite (GB/T 22239-2019 8.1.4.2 访问控制, 8.1.4.4 入侵防范; OWASP ASVS 4.0 V4.1, V4.2,
 * V5.1, V12.1, V13.1): generated from the routes the app registers and its OpenAPI document, so a new route is
 * probed without anyone writing a test for it.
 *
 * a) Access-control matrix: every route declares a capability or an access (public, session, ticket, apiKey with
 *    its operation) — a route that declares nothing fails here — and every route × every role answers as its
 *    declaration says: 401 for the anonymous, 403 AUTH.FORBIDDEN without the capability, the missing ticket's 404
 *    byte for byte for a ticket the role may not see, 401 for a session on a partner's (API-key) route, and for
 *    everyone else an answer past the gate. Every API-key route (Open311 included) refuses no key, a wrong key and a
 *    key without its operation, and lets a key with it past the gate.
 * b) Bad-input corpus against every write route (and every query string): NUL and other control characters, lone
 *    surrogates, bidi controls, huge strings and numbers, impossible dates, deep nesting, wrong types and content
 *    types, malformed JSON, path traversal in file names and path parameters, decompression bombs. Every answer is
 *    a 4xx with a stable code, no 500, and the database is unchanged.
 * c) Request-line forms (absolute URL, double and encoded slashes, case variants, trailing dots and slashes) for
 *    every role-restricted route and, for a restricted session, every API route.
 *
 * One app instance, sessions reused. The counts per class are printed at the end (docs/security.md keeps them).
 */
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ACCESS, routePolicies, type RoutePolicy } from '../../auth/permissions.js';
import { API_KEY_OPERATIONS, type ApiKeyOperation } from '../../../shared/schemas/api-keys.js';
import { startTestApp, type Client, type TestApp } from '../../test/harness.js';
import { bombXlsx } from './bomb.js';
import {
  BLIND,
  Tally,
  buildWorld,
  changedTables,
  fingerprint,
  rawRequest,
  stableError,
  type Actor,
  type World,
} from './probe.js';
import { NOWHERE, leaves, sample, withLeaf } from './sample.js';

let t: TestApp;
let w: World;
let port: number;
const tally = new Tally();
/** Partners' keys: one with every operation, and for each operation one with all the others. */
let fullKey: string;
const keyWithout = new Map<ApiKeyOperation, string>();
/** A client that presents a partner's key (and no session). */
const keyClient = (key: string): Client => ({
  token: null,
  inject: (opts) => t.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), 'x-api-key': key } }),
  get: (url) => t.app.inject({ method: 'GET', url, headers: { 'x-api-key': key } }),
  post: (url, body) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'x-api-key': key },
      ...(body === undefined ? {} : { payload: body as object }),
    }),
});
const MISSING = '00000000-0000-4000-8000-000000000000';
/** A content type no route parses: a write that passes the gate stops at 415, before its handler runs. */
const PROBE_TYPE = 'application/x-jiesu-probe';

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  const issue = async (operations: readonly ApiKeyOperation[]) => {
    const res = await w.actors.admin.client.post('/api/v1/api-keys', {
      name: `suite ${operations.join(' ')}`,
      channel: 'mayor_mailbox',
      operations,
      ratePerMinute: 10_000,
    });
    if (res.statusCode !== 201) throw new Error(`api key: ${res.body}`);
    return (res.json() as { secret: string }).secret;
  };
  fullKey = await issue(API_KEY_OPERATIONS);
  for (const op of API_KEY_OPERATIONS)
    keyWithout.set(op, await issue(API_KEY_OPERATIONS.filter((o) => o !== op)));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
}, 120_000);
afterAll(async () => {
  console.log(`\nsecurity suite, counts per class:\n${tally.table()}\n`);
  await t.close();
});

const routes = () => routePolicies(t.app);
const isWrite = (r: RoutePolicy) => r.method !== 'GET';
const apiRoutes = () => routes().filter((r) => r.url.startsWith('/api/'));
/** What the bad-input corpus sends to: the API and the partners' Open311 door. */
const inputRoutes = () => routes().filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/open311/'));

/** A route's path with its parameters filled for one probe. */
function fill(r: RoutePolicy, ticketId: string, write: boolean): string {
  return r.url
    .replace(/^\/api\/v1\/tickets\/:id/, `/api/v1/tickets/${ticketId}`)
    .replace(/^\/api\/v1\/units\/:id/, `/api/v1/units/${write ? NOWHERE : w.unitId}`)
    .replace(/^\/api\/v1\/users\/:id/, `/api/v1/users/${write ? NOWHERE : w.userId}`)
    .replace(
      /^\/api\/v1\/responsibility-rules\/:id/,
      `/api/v1/responsibility-rules/${write ? NOWHERE : w.ruleId}`,
    )
    .replace(':month', '2026-10')
    .replace(':year', '2026')
    .replace(':date', '2026-11-11')
    .replace(':token', 'probe-token-0000000000')
    .replace(/:[A-Za-z]+/g, NOWHERE)
    .replace('*', '');
}

const send = (client: Client, method: string, url: string, opts: { type?: string; payload?: unknown } = {}) =>
  client.inject({
    method: method as 'GET',
    url,
    ...(opts.type ? { headers: { 'content-type': opts.type } } : {}),
    ...(opts.payload === undefined
      ? {}
      : { payload: typeof opts.payload === 'string' ? opts.payload : JSON.stringify(opts.payload) }),
  });

describe('a) access-control matrix', () => {
  it('every route declares a capability or an access, and every OpenAPI operation is such a route', async () => {
    const undeclared = routes().filter(
      (r) => !r.capability && !(r.access && (ACCESS as readonly string[]).includes(r.access)),
    );
    expect(undeclared.map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const both = routes().filter((r) => r.capability && r.access);
    expect(both.map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const keyWithoutOperation = routes().filter(
      (r) => r.access === 'apiKey' && !(API_KEY_OPERATIONS as readonly string[]).includes(r.operation ?? ''),
    );
    expect(keyWithoutOperation.map((r) => `${r.method} ${r.url}`)).toEqual([]);

    const doc = (await t.anonymous.get('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const known = new Set(routes().map((r) => `${r.method} ${r.url}`));
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(operations.length).toBeGreaterThan(80);
    expect(operations.filter((op) => !known.has(op))).toEqual([]);
    tally.count('routes in the OpenAPI document', operations.length);
    tally.count('routes registered (documentation and web included)', routes().length);
  });

  it('every route × every role answers as the route declares', async () => {
    const failures: string[] = [];
    const missingAnswers = new Map<string, { status: number; body: string }>();
    for (const r of routes()) {
      if (!r.url.startsWith('/api/') && r.url !== '/') continue;
      const write = isWrite(r);
      for (const actor of Object.values(w.actors)) {
        const who = `${actor.name} ${r.method} ${r.url}`;
        const ticketRoute = r.access === 'ticket';
        const blind = ticketRoute && BLIND.has(actor.name) && actor.name !== 'anonymous';
        let res;
        if (blind) {
          // The same request for a ticket that does not exist must answer the same bytes (R9.1).
          const body = write ? (r.body ? sample(r.body as z.ZodType) : 'probe') : undefined;
          const type = write ? (r.body ? 'application/json' : 'application/octet-stream') : undefined;
          const key = `${actor.name} ${r.method} ${r.url}`;
          let missing = missingAnswers.get(key);
          if (!missing) {
            const m = await send(actor.client, r.method, fill(r, MISSING, write), { type, payload: body });
            missing = { status: m.statusCode, body: m.body };
            missingAnswers.set(key, missing);
          }
          res = await send(actor.client, r.method, fill(r, actor.ticketId, write), { type, payload: body });
          if (res.statusCode !== 404 || res.body !== missing.body)
            failures.push(`${who}: ${res.statusCode} ${res.body.slice(0, 120)} ≠ missing ${missing.body}`);
        } else {
          res = write
            ? await send(actor.client, r.method, fill(r, actor.ticketId, true), {
                type: PROBE_TYPE,
                payload: 'x',
              })
            : await send(actor.client, r.method, fill(r, actor.ticketId, false));
          const code = (() => {
            try {
              return (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
            } catch {
              return undefined;
            }
          })();
          const expectation = expected(r, actor);
          if (expectation === 401 && res.statusCode !== 401)
            failures.push(`${who}: ${res.statusCode}, not 401`);
          if (expectation === 403 && (res.statusCode !== 403 || code !== 'AUTH.FORBIDDEN'))
            failures.push(`${who}: ${res.statusCode} ${code}, not 403 AUTH.FORBIDDEN`);
          if (expectation === 'pass') {
            if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500)
              failures.push(`${who}: ${res.statusCode} ${res.body.slice(0, 160)}, expected past the gate`);
            // (A route naming a second thing — an attachment — may answer that this one is missing.)
            if (ticketRoute && code === 'TICKET.NOT_FOUND' && !/:id\/.*:/.test(r.url))
              failures.push(`${who}: the ticket it may see answers as missing`);
          }
        }
        tally.add('a) route × role probes', res.statusCode, res.body, 0);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

describe('a) partners’ API-key routes', () => {
  it('every API-key route refuses no key and a wrong key (401), a key without its operation (403), and lets a key with it past the gate', async () => {
    const keyed = routes().filter((r) => r.access === 'apiKey');
    expect(keyed.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const r of keyed) {
      const write = isWrite(r);
      const url = fill(r, w.ticket, write);
      const probe = (client: Client) =>
        write ? send(client, r.method, url, { type: PROBE_TYPE, payload: 'x' }) : send(client, r.method, url);
      const answers: [string, Client, (s: number) => boolean][] = [
        ['no key', t.anonymous, (s) => s === 401],
        ['a session, no key', w.actors.operator.client, (s) => s === 401],
        ['a wrong key', keyClient(`jsk_${'x'.repeat(43)}`), (s) => s === 401],
        [
          'a key without the operation',
          keyClient(keyWithout.get(r.operation as ApiKeyOperation) as string),
          (s) => s === 403,
        ],
        ['a key with the operation', keyClient(fullKey), (s) => s !== 401 && s !== 403 && s < 500],
      ];
      for (const [what, client, ok] of answers) {
        const res = await probe(client);
        tally.add('a) API-key route probes', res.statusCode, res.body, 0);
        if (!ok(res.statusCode))
          failures.push(`${what}: ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

/** 401, 403 or past the gate, from the declaration alone. */
function expected(r: RoutePolicy, actor: Actor): 401 | 403 | 'pass' {
  if (r.access === 'public') return 'pass';
  // A partner's route takes a key, never a session: without one, everyone is unauthenticated.
  if (r.access === 'apiKey') return 401;
  if (actor.name === 'anonymous') return 401;
  if (r.capability) return actor.capabilities.has(r.capability) ? 'pass' : 403;
  return 'pass';
}

// ---- b) bad inputs ----------------------------------------------------------------------------------------------

/** Who sends a route's bad inputs: someone the gate lets through, so the input itself is judged. */
function senderFor(r: RoutePolicy): Actor {
  if (r.access === 'public') return w.actors.anonymous;
  if (r.access === 'apiKey') return { ...w.actors.anonymous, client: keyClient(fullKey) };
  if (r.capability) {
    const holder = Object.values(w.actors).find((a) => a.capabilities.has(r.capability as never));
    if (!holder) throw new Error(`nobody holds ${r.capability}`);
    return holder;
  }
  return w.actors.operator;
}

interface Case {
  cls: string;
  what: string;
  url?: string;
  type?: string;
  payload?: string | Buffer;
  headers?: Record<string, string>;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;
/** The smallest PNG: an upload the allow-list accepts, so only its name is judged. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const BAD_STRINGS: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['control characters', 'a\u0007\u001b[31mb'],
  ['lone surrogate', 'a\ud800b'],
  ['lone low surrogate', '\udfffb'],
  ['bidi override', 'abc\u202edcba'],
  ['bidi isolate', '\u2067abc\u2069'],
];
const IMPOSSIBLE_DATES = [
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '1899-12-31T23:59:59+08:00',
  '2026-02-30T10:00:00+08:00',
  '2026-13-01T10:00:00+08:00',
  '+275760-09-13T00:00:00Z',
];

/** Values of another type than a leaf's. */
const WRONG: Record<'string' | 'number' | 'boolean', unknown[]> = {
  string: [{}, [], null, true, 12],
  number: ['12abc', {}, [], null, true],
  boolean: ['true', 1, {}, null],
};

/** A JSON text nested `depth` levels deep. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function casesFor(r: RoutePolicy, ticketId: string): Case[] {
  const url = fill(r, ticketId, true);
  const out: Case[] = [];
  const json = (cls: string, what: string, value: unknown, at = url): Case => ({
    cls,
    what,
    url: at,
    type: 'application/json',
    payload: JSON.stringify(value),
  });
  if (r.body) {
    const base = sample(r.body as z.ZodType);
    for (const leaf of leaves(base)) {
      const at = leaf.path.join('.') || 'body';
      if (leaf.kind === 'string') {
        for (const [cls, bad] of BAD_STRINGS)
          out.push(json(`b) ${cls}`, `${at}=${cls}`, withLeaf(base, leaf.path, bad)));
        out.push(
          json('b) huge strings', `${at} 400 000 characters`, withLeaf(base, leaf.path, 'x'.repeat(400_000))),
        );
        const value = leaf.path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], base);
        if (typeof value === 'string' && DATE_LIKE.test(value))
          for (const d of IMPOSSIBLE_DATES)
            out.push(json('b) impossible dates', `${at}=${d}`, withLeaf(base, leaf.path, d)));
      }
      if (leaf.kind === 'number')
        for (const n of [1e308, -1e308, 2 ** 63, -1, 0.5])
          out.push(json('b) huge and odd numbers', `${at}=${n}`, withLeaf(base, leaf.path, n)));
      for (const wrong of WRONG[leaf.kind])
        out.push(json('b) wrong types', `${at}=${JSON.stringify(wrong)}`, withLeaf(base, leaf.path, wrong)));
    }
    for (const whole of ['x', [], 42, null])
      out.push(json('b) wrong types', `body=${JSON.stringify(whole)}`, whole));
    if (base && typeof base === 'object' && !Array.isArray(base)) {
      const first = Object.keys(base)[0] ?? 'x';
      out.push({
        cls: 'b) deep nesting',
        what: `${first} nested 5000 deep`,
        url,
        type: 'application/json',
        payload: `{"${first}":${nested(5000)}}`,
      });
      out.push({
        cls: 'b) deep nesting',
        what: 'unknown key nested 200 deep',
        url,
        type: 'application/json',
        payload: `{"zz":${nested(200)}}`,
      });
    }
  }
  // Whatever the route takes, these are refused before any handler runs.
  out.push({
    cls: 'b) NUL',
    what: 'escaped NUL in a body',
    url,
    type: 'application/json',
    payload: '{"x":"\\u0000"}',
  });
  out.push({
    cls: 'b) lone surrogate',
    what: 'escaped lone surrogate',
    url,
    type: 'application/json',
    payload: '{"x":"\\ud800"}',
  });
  out.push({
    cls: 'b) deep nesting',
    what: 'body nested 100 000 deep',
    url,
    type: 'application/json',
    payload: nested(100_000),
  });
  for (const type of [
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
  ])
    out.push({ cls: 'b) wrong content types', what: type, url, type, payload: 'a=1' });
  for (const bad of ['{"a":', "{'a':1}", '{"a":1}}', '\u0000'])
    out.push({
      cls: 'b) malformed JSON',
      what: JSON.stringify(bad),
      url,
      type: 'application/json',
      payload: bad,
    });
  out.push({
    cls: 'b) decompression bombs',
    what: 'gzip-encoded body',
    url,
    type: 'application/json',
    headers: { 'content-encoding': 'gzip' },
    payload: deflateRawSync(Buffer.from(JSON.stringify({ a: 'x'.repeat(1_000_000) }))),
  });
  // File names: traversal and spoofing in the upload's X-File-Name.
  if (r.url === '/api/v1/tickets/:id/attachments') {
    for (const name of [
      '../../etc/passwd',
      '..\\..\\boot.ini',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '..',
      'a%00.png',
      'photo%E2%80%AEgnp.exe',
    ])
      out.push({
        cls: 'b) path traversal in file names',
        what: name,
        url,
        type: 'application/octet-stream',
        headers: { 'x-file-name': name },
        payload: PNG,
      });
  }
  // Path parameters: traversal, NUL, encoded slashes.
  if (r.url.includes(':')) {
    for (const p of ['..%2F..%2Fetc%2Fpasswd', '%00', '..', '%2e%2e%5c%2e%2e%5cwin.ini', `${NOWHERE}%00`])
      out.push({
        cls: 'b) path traversal and NUL in path parameters',
        what: p,
        url: r.url.replace(/:[A-Za-z]+/, p).replace(/:[A-Za-z]+/g, NOWHERE),
        type: 'application/json',
        payload: JSON.stringify(r.body ? sample(r.body as z.ZodType) : {}),
      });
  }
  return out;
}

/** Query-string cases for a GET route: every declared parameter gets each bad value. */
function queryCases(r: RoutePolicy, ticketId: string): Case[] {
  const url = fill(r, ticketId, false);
  const shape = (r.querystring as { shape?: Record<string, unknown> } | undefined)?.shape;
  const keys = shape ? Object.keys(shape) : ['q'];
  const out: Case[] = [];
  for (const key of keys) {
    for (const [cls, bad] of [
      ...BAD_STRINGS.slice(0, 2),
      ['bidi override', 'abc\u202edcba'] as [string, string],
    ])
      out.push({
        cls: `b) ${cls} (query)`,
        what: `${key}=${cls}`,
        url: `${url}?${key}=${encodeURIComponent(bad)}`,
      });
    out.push({
      cls: 'b) lone surrogate (query)',
      what: `${key}=%ED%A0%80`,
      url: `${url}?${key}=a%ED%A0%80b`,
    });
    out.push({
      cls: 'b) huge strings (query)',
      what: `${key} 5000 characters`,
      url: `${url}?${key}=${'x'.repeat(5000)}`,
    });
    for (const d of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-13-01'])
      out.push({
        cls: 'b) impossible dates (query)',
        what: `${key}=${d}`,
        url: `${url}?${key}=${encodeURIComponent(d)}`,
      });
    out.push({
      cls: 'b) wrong types (query)',
      what: `${key}[]=a&${key}[]=b`,
      url: `${url}?${key}=a&${key}=b`,
    });
  }
  return out;
}

describe('b) bad-input corpus', () => {
  it('every write route refuses every bad input with a stable 4xx and changes nothing', async () => {
    const failures: string[] = [];
    for (const r of inputRoutes().filter(isWrite)) {
      // Ending the sender's session is the route's purpose: its bad inputs go through a session of its own.
      const sender =
        r.url === '/api/v1/auth/logout'
          ? { ...w.actors.operator, client: await t.as('revisitor') }
          : senderFor(r);
      const before = await fingerprint(t);
      for (const c of casesFor(r, sender.ticketId)) {
        const started = performance.now();
        const res = await sender.client.inject({
          method: r.method as 'POST',
          url: c.url ?? r.url,
          headers: { ...(c.type ? { 'content-type': c.type } : {}), ...c.headers },
          ...(c.payload === undefined ? {} : { payload: c.payload }),
        });
        const ms = performance.now() - started;
        tally.add(c.cls, res.statusCode, res.body, ms);
        if (res.statusCode < 400 || res.statusCode >= 500 || !stableError(res.statusCode, res.body))
          failures.push(`${r.method} ${r.url} [${c.what}] → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      const after = await fingerprint(t);
      if (after !== before)
        failures.push(`${r.method} ${r.url}: changed ${changedTables(before, after).join(', ')}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('every query string refuses control characters, lone surrogates, huge values and impossible dates', async () => {
    const failures: string[] = [];
    for (const r of inputRoutes().filter((x) => x.method === 'GET' && x.querystring)) {
      const sender = senderFor(r);
      for (const c of queryCases(r, sender.ticketId)) {
        const started = performance.now();
        const res = await sender.client.get(c.url as string);
        tally.add(c.cls, res.statusCode, res.body, performance.now() - started);
        if (res.statusCode >= 500)
          failures.push(`GET ${r.url} [${c.what}] → ${res.statusCode} ${res.body.slice(0, 200)}`);
        // Control characters and bidi controls are refused wherever they appear (a percent-encoded lone surrogate
        // is not valid UTF-8 and arrives as U+FFFD: harmless); other values may be fine.
        if (/NUL|control|bidi/.test(c.cls) && (res.statusCode !== 400 || !stableError(400, res.body)))
          failures.push(`GET ${r.url} [${c.what}] → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('an xlsx that inflates to ~100 MB is refused quickly while the server keeps answering', async () => {
    const admin = w.actors.admin.client;
    const bomb = bombXlsx(100 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = await fingerprint(t);
    for (const entity of ['units', 'users']) {
      const started = performance.now();
      const [res, other] = await Promise.all([
        admin.post(`/api/v1/directory/${entity}/import`, {
          format: 'xlsx',
          encoding: 'base64',
          content: bomb.toString('base64'),
        }),
        w.actors.operator.client.get('/api/v1/channels'),
      ]);
      tally.add('b) decompression bombs', res.statusCode, res.body, performance.now() - started);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code).toBe('DIRECTORY.IMPORT_INVALID');
      expect(res.body.length).toBeLessThan(2000);
      expect(other.statusCode).toBe(200);
    }
    expect(await fingerprint(t)).toBe(before);
  }, 180_000);
});

// ---- c) request-line forms ----------------------------------------------------------------------------------

const FORMS = (path: string): string[] => [
  `http://127.0.0.1:${port}${path}`,
  `http://evil.example${path}`,
  `//${path.slice(1)}`,
  path.replace('/api/v1/', '/api//v1/'),
  path.replace('/api/v1/', '/api%2Fv1/'),
  path.replace('/api/v1/', '/api/v1%2F'),
  path.replace('/api/v1/', '/API/v1/'),
  path.replace('/api/v1/', '/api/V1/'),
  path.replace('/api/v1/', '/api/./v1/'),
  path.replace('/api/v1/', '/api/x/../v1/'),
  `${path}.`,
  `${path}/`,
];

describe('c) request-line forms', () => {
  it('a role-restricted route refuses a role without the capability, whatever the request line', async () => {
    const failures: string[] = [];
    for (const r of apiRoutes().filter((x) => x.capability)) {
      const denied = Object.values(w.actors).find(
        (a) => a.name !== 'anonymous' && !a.capabilities.has(r.capability as never),
      );
      if (!denied) continue;
      const path = fill(r, denied.ticketId, isWrite(r));
      for (const target of [path, ...FORMS(path)]) {
        const res = await rawRequest(
          port,
          r.method,
          target,
          { Authorization: `Bearer ${denied.client.token}`, 'Content-Type': PROBE_TYPE },
          isWrite(r) ? 'x' : '',
        );
        tally.add('c) request-line forms, role-restricted routes', res.status, res.body, 0);
        if (!refused(res, 'AUTH.FORBIDDEN'))
          failures.push(`${denied.name} ${r.method} ${target} → ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('a restricted session (password to change) reaches no API route but the setup ones, whatever the request line', async () => {
    const admin = w.actors.admin.client;
    const created = await admin.post('/api/v1/users', {
      username: 'suite.restricted',
      displayName: '待改密用户',
      password: 'Temp#Given2026',
      roles: ['office_operator'],
      unitId: t.units.get('OFFICE'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'suite.restricted', password: 'Temp#Given2026' },
    });
    const token = (login.json() as { token: string }).token;
    const setup = new Set([
      '/api/v1/me',
      '/api/v1/me/totp',
      '/api/v1/me/totp/confirm',
      '/api/v1/me/password',
      '/api/v1/auth/logout',
    ]);
    const failures: string[] = [];
    for (const r of apiRoutes().filter((x) => !setup.has(x.url) && x.access !== 'public')) {
      const path = fill(r, w.ticket, isWrite(r));
      for (const target of [path, ...FORMS(path)]) {
        const res = await rawRequest(
          port,
          r.method,
          target,
          { Authorization: `Bearer ${token}`, 'Content-Type': PROBE_TYPE },
          isWrite(r) ? 'x' : '',
        );
        tally.add('c) request-line forms, restricted session', res.status, res.body, 0);
        if (!refused(res, 'AUTH.PASSWORD_CHANGE_REQUIRED'))
          failures.push(`${r.method} ${target} → ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

/**
 * Refused with the expected code, or not an API route at all (404, 400 for a request line the server cannot
 * route, or the web page) — never data and never past the gate (a 415 would mean the gate let the write through).
 */
function refused(res: { status: number; body: string }, code: string): boolean {
  if (res.status === 403) return res.body.includes(code);
  if (res.status === 404 || res.status === 400) return !res.body.includes('"items"');
  if (res.status === 200) return /<!doctype html>|<html/i.test(res.body);
  return false;
}
