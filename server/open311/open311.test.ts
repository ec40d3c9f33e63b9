/**
 * Partners' API keys and Open311 GeoReport v2 over HTTP. Every Open311 answer is validated against the
 * specification's JSON Schemas (data/standards/open311-georeport-v2/, see its README) with ajv; XML answers are
 * parsed back and compared with the JSON. A request posted through Open311 is dispatched and answered by the
 * office and the unit like any other, and its status and reply come back through GET requests (R2.1, R2.2, R4.5).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';
import { auditLog } from '../db/schema.js';
import { desc } from 'drizzle-orm';
import { eventsOf } from '../tickets/ticket.repository.js';

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
const STD = new URL('../../data/standards/open311-georeport-v2/', import.meta.url);
const schema = (name: string) =>
  JSON.parse(readFileSync(new URL(name, STD), 'utf8')) as Record<string, unknown>;
const swagger = schema('swagger.json') as { definitions: Record<string, Record<string, unknown>> };

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat('uid', true);
for (const name of ['service.json', 'request.json']) ajv.addSchema({ ...schema(name), $id: name }, name);
const validators = {
  services: ajv.compile({ ...schema('services.json'), $id: 'services' }),
  serviceDefinition: ajv.compile({ ...schema('service-definition.json'), $id: 'service-definition' }),
  requests: ajv.compile({ ...schema('requests.json'), $id: 'requests' }),
  // The POST and tokens answers are defined in the specification's Swagger description.
  requestResponse: ajv.compile({ type: 'array', items: swagger.definitions.RequestResponse, minItems: 1 }),
  tokenResponse: ajv.compile({ type: 'array', items: swagger.definitions.TokenResponse, minItems: 1 }),
  // The specification's error format: a list of {code, description}.
  errors: ajv.compile({
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['code', 'description'],
      properties: { code: { type: 'integer' }, description: { type: 'string' } },
    },
  }),
};
type V = keyof typeof validators;
function valid(kind: V, body: unknown): void {
  const ok = validators[kind](body);
  expect(ok, `${kind}: ${JSON.stringify(validators[kind].errors)}`).toBe(true);
}

let t: TestApp;
let admin: Client;
let operator: Client;
let handler: Client;
const NAME = '欧阳娜娜';
const PHONE = '13912345678';

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
});
afterAll(() => t.close());

interface Issued {
  key: { id: string; channel: string; operations: string[]; prefix: string; revokedAt: string | null };
  secret: string;
}
async function issue(operations: string[], ratePerMinute = 1000, channel = 'mayor_mailbox'): Promise<Issued> {
  const res = await admin.post('/api/v1/api-keys', {
    name: `测试 ${operations.join('+')}`,
    channel,
    operations,
    ratePerMinute,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Issued;
}

const get = (url: string, key?: string) =>
  t.app.inject({ method: 'GET', url, headers: key ? { 'x-api-key': key } : {} });
const postForm = (url: string, form: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });

describe('API keys (admin)', () => {
  it('issues a key shown once, stored hashed; a key without the scope, a wrong key, a revoked or rotated key are refused', async () => {
    const read = await issue(['open311.read']);
    expect(read.secret).toMatch(/^jsk_[A-Za-z0-9_-]{43}$/);
    expect(read.secret.startsWith(read.key.prefix)).toBe(true);
    // The list never shows the key again.
    const list = await admin.get('/api/v1/api-keys');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(read.secret);
    // Not stored in the clear.
    const raw = await t.ctx.db.execute('SELECT key_hash FROM api_keys');
    expect(JSON.stringify(raw)).not.toContain(read.secret);

    expect((await get('/open311/v2/services.json', read.secret)).statusCode).toBe(200);
    const noKey = await get('/open311/v2/services.json');
    expect(noKey.statusCode).toBe(401);
    valid('errors', noKey.json());
    const wrong = await get('/open311/v2/services.json', `${read.secret.slice(0, -2)}xx`);
    expect(wrong.statusCode).toBe(401);
    // Scoped to reading: it may not post.
    const post = await postForm('/open311/v2/requests.json', {
      api_key: read.secret,
      service_code: 'C0101',
      description: '测试',
    });
    expect(post.statusCode).toBe(403);
    valid('errors', post.json());
    // Nor call the phone system's route.
    const cti = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cti/calls',
      headers: { 'x-api-key': read.secret },
      payload: { callerNumber: PHONE, callId: 'c-1', agent: 'operator' },
    });
    expect(cti.statusCode).toBe(403);
    expect((cti.json() as { error: { code: string } }).error.code).toBe('APIKEY.SCOPE');

    // Rotation: the old secret stops at once, the new one works.
    const rotated = await admin.post(`/api/v1/api-keys/${read.key.id}/rotate`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const next = (rotated.json() as Issued).secret;
    expect(next).not.toBe(read.secret);
    expect((await get('/open311/v2/services.json', read.secret)).statusCode).toBe(401);
    expect((await get('/open311/v2/services.json', next)).statusCode).toBe(200);
    // Revocation: refused from then on.
    const revoked = await admin.post(`/api/v1/api-keys/${read.key.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect((revoked.json() as Issued['key']).revokedAt).not.toBeNull();
    expect((await get('/open311/v2/services.json', next)).statusCode).toBe(401);
    // Issuing, rotating and revoking are the administrator's audited acts.
    const acts = await t.ctx.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(200);
    expect(
      acts
        .filter((r) => r.target === read.key.id)
        .map((r) => `${r.action} ${r.actorUsername}`)
        .reverse(),
    ).toEqual(['apikey.issue admin', 'apikey.rotate admin', 'apikey.revoke admin']);

    // Only the administrator manages keys.
    expect((await operator.get('/api/v1/api-keys')).statusCode).toBe(403);
    expect(
      (
        await operator.post('/api/v1/api-keys', {
          name: 'x',
          channel: 'mayor_mailbox',
          operations: ['cti.calls'],
        })
      ).statusCode,
    ).toBe(403);
  });

  it('the OpenAPI document describes the partner key on every partner route', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json() as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(doc.components.securitySchemes.partnerKey).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
    });
    expect(doc.paths['/open311/v2/requests.json']?.post?.security).toEqual([{ partnerKey: [] }]);
    expect(doc.paths['/api/v1/cti/calls']?.post?.security).toEqual([{ partnerKey: [] }]);
  });

  it('every use is audited: the key, the route and the outcome', async () => {
    const k = await issue(['open311.read']);
    await get('/open311/v2/services.json', k.secret);
    await get('/open311/v2/services.json', 'jsk_not-a-key');
    const rows = await t.ctx.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(5);
    const denied = rows.find((r) => r.action === 'apikey.denied');
    const used = rows.find(
      (r) => r.action === 'apikey.use' && (r.details as { keyId?: string }).keyId === k.key.id,
    );
    expect(used).toMatchObject({ target: 'GET /open311/v2/services.json', outcome: 'success' });
    expect(denied).toMatchObject({ target: 'GET /open311/v2/services.json', outcome: 'denied' });
    // The key itself is never in the log.
    expect(JSON.stringify(rows)).not.toContain(k.secret);
  });

  it('is rate-limited per key: one key over its rate gets 429, another key is not slowed', async () => {
    const slow = await issue(['open311.read'], 3);
    const other = await issue(['open311.read'], 3);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await get('/open311/v2/services/C0101.json', slow.secret)).statusCode);
    expect(codes.slice(0, 3).every((c) => c === 200 || c === 404)).toBe(true);
    expect(codes.slice(3)).toEqual([429, 429]);
    const limited = await get('/open311/v2/services/C0101.json', slow.secret);
    valid('errors', limited.json());
    expect((await get('/open311/v2/services/C0101.json', other.secret)).statusCode).not.toBe(429);
  });
});

describe('Open311 GeoReport v2', () => {
  let key: Issued;
  beforeAll(async () => {
    key = await issue(['open311.read', 'open311.write'], 10_000, 'mayor_mailbox');
  });

  it('services: the leaves of the category tree, in JSON and XML, each with a definition', async () => {
    const res = await get(`/open311/v2/services.json?api_key=${key.secret}`);
    expect(res.statusCode, res.body).toBe(200);
    const services = res.json() as { service_code: string; service_name: string; group: string }[];
    valid('services', services);
    expect(services.length).toBeGreaterThan(500);
    const urgent = services.find((s) => s.service_code.startsWith('C16'));
    expect(urgent?.group).toBe('紧急类诉求');

    const xml = await get(`/open311/v2/services.xml?api_key=${key.secret}`);
    expect(xml.headers['content-type']).toContain('text/xml');
    const parsed = new XMLParser({ isArray: (n) => n === 'service' }).parse(xml.body) as {
      services: { service: { service_code: string }[] };
    };
    expect(parsed.services.service.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));

    const code = urgent?.service_code as string;
    const def = await get(`/open311/v2/services/${code}.json?api_key=${key.secret}`);
    expect(def.statusCode, def.body).toBe(200);
    valid('serviceDefinition', def.json());
    const attrs = (def.json() as { attributes: { code: string; values?: unknown[] }[] }).attributes;
    expect(attrs.map((a) => a.code)).toEqual(['urgent_notice', 'district', 'request_type']);
    const defXml = await get(`/open311/v2/services/${code}.xml?api_key=${key.secret}`);
    expect(defXml.body).toContain('<service_definition><service_code>');
    expect(defXml.body).toContain('<values><value><key>');

    const missing = await get(`/open311/v2/services/C99.json?api_key=${key.secret}`);
    expect(missing.statusCode).toBe(404);
    valid('errors', missing.json());
    const missingXml = await get(`/open311/v2/services/C99.xml?api_key=${key.secret}`);
    expect(missingXml.body).toMatch(
      /<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>/,
    );
    const otherCity = await get(`/open311/v2/services.json?api_key=${key.secret}&jurisdiction_id=110000`);
    expect(otherCity.statusCode).toBe(404);
    valid('errors', otherCity.json());
  });

  it('R2.1 R2.2 R4.5 R9.1: a posted request becomes a ticket on the key’s channel, once; the office dispatches it; its status and reply come back; no personal data in any GET', async () => {
    const form = {
      api_key: key.secret,
      jurisdiction_id: '220200',
      service_code: 'C011017',
      lat: '43.8436',
      long: '126.5497',
      address_string: '吉林市船营区北京路幸福小区 3 号楼',
      first_name: '娜娜',
      last_name: '欧阳',
      phone: PHONE,
      email: 'nana@example.com',
      description: `3 号楼顶层房屋漏雨，屋里墙面发霉。联系人${NAME}，电话 ${PHONE}。`,
      'attribute[district]': '220204',
    };
    const posted = await postForm('/open311/v2/requests.json', form);
    expect(posted.statusCode, posted.body).toBe(201);
    valid('requestResponse', posted.json());
    const [answer] = posted.json() as { service_request_id: string; token: string }[];
    expect(answer?.service_request_id).toMatch(/^J20261110\d{6}$/);
    // The same submission delivered again is the same ticket (R2.2).
    const again = await postForm('/open311/v2/requests.json', form);
    expect(again.statusCode).toBe(200);
    expect((again.json() as { service_request_id: string }[])[0]?.service_request_id).toBe(
      answer?.service_request_id,
    );
    // XML POST, JSON body with the key in the header: both accepted.
    const xmlPost = await postForm('/open311/v2/requests.xml', {
      ...form,
      description: '另一件：楼道灯坏了，晚上看不见路。',
    });
    expect(xmlPost.statusCode).toBe(201);
    expect(xmlPost.body).toMatch(
      /<service_requests><request><service_request_id>J\d+<\/service_request_id><token>/,
    );

    // The office sees it as a ticket of the key's channel, the person sealed and unmasked for the office.
    const list = await operator.get(`/api/v1/tickets?q=${answer?.service_request_id}`);
    const item = (list.json() as { items: { id: string; channel: string; status: string }[] }).items[0];
    expect(item).toMatchObject({ channel: 'mayor_mailbox', status: 'registered' });
    const id = item?.id as string;
    const ticket = (await operator.get(`/api/v1/tickets/${id}`)).json() as {
      complainant: { name: string; phone: string };
      categoryCode: string;
    };
    expect(ticket.complainant).toMatchObject({ name: NAME, phone: PHONE });
    expect(ticket.categoryCode).toBe('C011017');
    // The register event names the door and the partner's key (never the key itself).
    const [registered] = await eventsOf(t.ctx.db, id);
    expect(registered?.data).toMatchObject({
      channel: 'mayor_mailbox',
      via: 'open311',
      apiKeyId: key.key.id,
    });

    // tokens/{token}
    const tok = await get(`/open311/v2/tokens/${answer?.token}.json?api_key=${key.secret}`);
    expect(tok.statusCode, tok.body).toBe(200);
    valid('tokenResponse', tok.json());
    expect(tok.json()).toEqual([{ service_request_id: answer?.service_request_id, token: answer?.token }]);

    // Open before anyone answered.
    const open = await get(`/open311/v2/requests/${answer?.service_request_id}.json?api_key=${key.secret}`);
    expect(open.statusCode, open.body).toBe(200);
    valid('requests', open.json());
    expect(open.json()).toMatchObject([
      { status: 'open', service_code: 'C011017', agency_responsible: null },
    ]);

    // The office dispatches, the street accepts, completes and replies.
    const street = t.units.get('S220204-BJL') as string;
    const step = async (c: Client, action: string, body: unknown) => {
      const r = await c.post(`/api/v1/tickets/${id}/${action}`, body);
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    };
    await step(operator, 'dispatch', { unitId: street });
    await step(handler, 'accept', { responsiblePerson: '王建军' });
    await step(handler, 'verify', { text: '现场核实属实' });
    await step(handler, 'complete', { result: '已修补屋面防水层。' });
    await step(handler, 'feedback', {
      toComplainant: `已于今日修补屋面防水层，${NAME}女士已确认不再漏雨，如有问题请拨打 ${PHONE} 联系社区。`,
      toOffice: '已办结',
    });

    const byId = await get(
      `/open311/v2/requests.json?api_key=${key.secret}&service_request_id=${answer?.service_request_id}`,
    );
    valid('requests', byId.json());
    const [closed] = byId.json() as Record<string, unknown>[];
    expect(closed).toMatchObject({
      service_request_id: answer?.service_request_id,
      status: 'closed',
      agency_responsible: '北京路街道',
      lat: 43.8436,
      long: 126.5497,
    });
    expect(closed?.status_notes).toContain('已于今日修补屋面防水层');

    // Filters: by status, service code and date range.
    const closedList = await get(`/open311/v2/requests.json?api_key=${key.secret}&status=closed`);
    valid('requests', closedList.json());
    expect((closedList.json() as { service_request_id: string }[]).map((r) => r.service_request_id)).toEqual([
      answer?.service_request_id,
    ]);
    const openList = await get(`/open311/v2/requests.json?api_key=${key.secret}&status=open`);
    expect((openList.json() as unknown[]).length).toBe(1);
    const byCode = await get(`/open311/v2/requests.json?api_key=${key.secret}&service_code=C011017`);
    expect((byCode.json() as unknown[]).length).toBe(2);
    const past = await get(
      `/open311/v2/requests.json?api_key=${key.secret}&start_date=2026-10-01T00:00:00%2B08:00&end_date=2026-10-31T00:00:00%2B08:00`,
    );
    expect(past.json()).toEqual([]);
    const xmlList = await get(`/open311/v2/requests.xml?api_key=${key.secret}`);
    const parsed = new XMLParser({ isArray: (n) => n === 'request' }).parse(xmlList.body) as {
      service_requests: { request: { service_request_id: string; status: string }[] };
    };
    expect(parsed.service_requests.request.map((r) => r.status).sort()).toEqual(['closed', 'open']);

    // R9.1: no name, phone, e-mail in any GET, in either format.
    for (const res of [byId, closedList, openList, byCode, xmlList, tok, open]) {
      expect(res.body).not.toContain(PHONE);
      expect(res.body).not.toContain(NAME);
      expect(res.body).not.toContain('nana@example.com');
    }
    // Another channel's key does not see this channel's requests.
    const other = await issue(['open311.read'], 1000, 'gov_internet_plus');
    const foreign = await get(
      `/open311/v2/requests/${answer?.service_request_id}.json?api_key=${other.secret}`,
    );
    expect(foreign.statusCode).toBe(404);
    valid('errors', foreign.json());
  });

  it('refuses a request without a location, an unknown service or a bad date in the specification’s error format', async () => {
    const noPlace = await postForm('/open311/v2/requests.json', {
      api_key: key.secret,
      service_code: 'C011017',
      phone: PHONE,
      description: '屋顶漏雨，请处理。',
    });
    expect(noPlace.statusCode).toBe(400);
    valid('errors', noPlace.json());
    const unknown = await postForm('/open311/v2/requests.json', {
      api_key: key.secret,
      service_code: 'C99',
      lat: '43.8',
      long: '126.5',
      phone: PHONE,
      description: '屋顶漏雨，请处理。',
    });
    expect(unknown.statusCode).toBe(404);
    valid('errors', unknown.json());
    // The same registration contract as every channel: a phone the office can call back.
    const badPhone = await postForm('/open311/v2/requests.json', {
      api_key: key.secret,
      service_code: 'C011017',
      lat: '43.8',
      long: '126.5',
      phone: '12345',
      description: '屋顶漏雨，请处理。',
    });
    expect(badPhone.statusCode).toBe(400);
    valid('errors', badPhone.json());
    expect((badPhone.json() as { description: string }[])[0]?.description).toMatch(/^phone: /);
    const badDate = await get(`/open311/v2/requests.json?api_key=${key.secret}&start_date=2026-02-30`);
    expect(badDate.statusCode).toBe(400);
    valid('errors', badDate.json());
    const xml = await postForm('/open311/v2/requests.xml', { api_key: key.secret, service_code: 'C011017' });
    expect(xml.statusCode).toBe(400);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><errors><error><code>400<\/code>/);
  });
});
