/**
 * Open311 GeoReport v2 under /open311/v2/ — JSON or XML by the path's extension, errors in the specification's
 * format (`[{"code":400,"description":"…"}]`, `<errors><error>…</error></errors>`). Every route takes a partner's
 * API key (`api_key` in the query or, for POST, the form; or the `X-Api-Key` header) scoped to `open311.read` or
 * `open311.write`; the key decides the channel (R2.1). See docs/integrations.md.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { XMLBuilder } from 'fast-xml-parser';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { apiKeyAccess, PARTNER_KEY } from '../auth/permissions.js';
import { textProblem } from '../../shared/text-guard.js';
import { saneIsoDate } from '../../shared/schemas/common.js';
import { languageOf, localizeMessage } from '../../shared/messages-en.js';
import {
  checkJurisdiction,
  findRequest,
  findRequests,
  findToken,
  listServices,
  Open311Error,
  serviceDefinition,
  submitRequest,
  type Open311Submission,
} from './open311.service.js';

type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];
const PREFIX = '/open311/v2';

const xml = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/** Null becomes an empty element in XML; arrays repeat their element. */
function forXml(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(forXml);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forXml(x)]));
  return v;
}

function send(reply: FastifyReply, format: Format, status: number, json: unknown, xmlDoc: () => unknown) {
  reply.code(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(json));
  const body = `<?xml version="1.0" encoding="utf-8"?>${xml.build(forXml(xmlDoc())) as string}`;
  return reply.type('text/xml; charset=utf-8').send(body);
}

/** `<id>.<format>` from a path segment; 404 in the specification's format for any other extension. */
function splitFile(file: string): { id: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, 'unknown format: use .json or .xml');
  return { id: m[1] as string, format: m[2] as Format };
}

function formatOf(req: FastifyRequest): Format {
  const path = (req.url.split('?')[0] ?? '').toLowerCase();
  return path.endsWith('.xml') ? 'xml' : 'json';
}

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => textProblem(s, true) === null, { message: 'contains characters that are not allowed' });
const instant = z
  .string()
  .trim()
  .refine((s) => saneIsoDate(s) && !Number.isNaN(Date.parse(s)), { message: 'is not a W3C date-time' })
  .transform((s) => new Date(s));

const keyQuery = { api_key: oneLine(200).optional(), jurisdiction_id: oneLine(50).optional() };
const requestsQuery = z.object({
  ...keyQuery,
  service_request_id: oneLine(2000).optional(),
  service_code: oneLine(50).optional(),
  status: z
    .string()
    .trim()
    .regex(/^(open|closed)(,(open|closed))?$/, { message: 'must be open, closed or open,closed' })
    .optional(),
  start_date: instant.optional(),
  end_date: instant.optional(),
});
const fileParams = z.object({ file: oneLine(120) });
const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const postBody = z
  .object({
    api_key: oneLine(200).optional(),
    jurisdiction_id: oneLine(50).optional(),
    service_code: oneLine(50),
    lat: num.pipe(z.number().min(-90).max(90)).optional(),
    long: num.pipe(z.number().min(-180).max(180)).optional(),
    address_string: oneLine(200).optional(),
    address_id: oneLine(100).optional(),
    email: oneLine(200).optional(),
    device_id: oneLine(100).optional(),
    account_id: oneLine(100).optional(),
    first_name: oneLine(50).optional(),
    last_name: oneLine(50).optional(),
    phone: oneLine(30).optional(),
    description: z
      .string()
      .trim()
      .max(4000)
      .refine((s) => textProblem(s) === null, { message: 'contains characters that are not allowed' })
      .optional(),
    media_url: oneLine(1000).optional(),
  })
  .catchall(z.union([oneLine(500), z.array(oneLine(500)).max(20)]));

/** `attribute[code]=value` keys of a form (or `attribute: {code: value}` in JSON) as one map. */
function attributesOf(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const nested = body.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested))
    for (const [k, v] of Object.entries(nested)) if (typeof v === 'string') out[k] = v;
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([A-Za-z0-9_]{1,50})\]$/.exec(k);
    if (m && typeof v === 'string') out[m[1] as string] = v;
  }
  return out;
}

export const open311Routes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Open311 clients post forms: parsed here only, for these routes; the rest of the API speaks JSON only.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        const params = new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'));
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of params) {
          const prev = out[k];
          out[k] = prev === undefined ? v : [prev, v].flat();
        }
        done(null, out);
      },
    );
    // Errors in the specification's format, with the same HTTP status.
    app.setErrorHandler(async (err: Error & { statusCode?: number }, req, reply) => {
      const format = formatOf(req);
      const lang = languageOf(req.headers['accept-language']);
      let code = 500;
      let description = 'internal error';
      if (err instanceof Open311Error) [code, description] = [err.code, err.description];
      else if (err instanceof AppError)
        [code, description] = [err.status, `${err.code}: ${localizeMessage(err.message, lang, err.code)}`];
      else if (hasZodFastifySchemaValidationErrors(err))
        [code, description] = [
          400,
          err.validation
            .map(
              (v) =>
                `${v.instancePath.replace(/^\//, '') || err.validationContext || 'request'} ${localizeMessage(v.message ?? '', lang)}`,
            )
            .join('; '),
        ];
      else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
        [code, description] = [err.statusCode, err.statusCode === 429 ? 'rate limit exceeded' : err.message];
      else req.log.error({ err }, 'open311 failure');
      return send(reply, format, code, [{ code, description }], () => ({
        errors: { error: [{ code, description }] },
      }));
    });

    const read = apiKeyAccess('open311.read');
    for (const format of FORMATS) {
      app.get(
        `${PREFIX}/services.${format}`,
        {
          config: read,
          schema: {
            tags: ['open311'],
            security: PARTNER_KEY,
            summary: `Open311 服务目录（事项分类的末级）— ${format}`,
            querystring: z.object(keyQuery),
          },
        },
        async (req, reply) => {
          checkJurisdiction(req.query.jurisdiction_id);
          const services = await listServices(ctx);
          return send(reply, format, 200, services, () => ({ services: { service: services } }));
        },
      );
      app.get(
        `${PREFIX}/requests.${format}`,
        {
          config: read,
          schema: {
            tags: ['open311'],
            security: PARTNER_KEY,
            summary: `Open311 诉求查询（本渠道；按编号、服务、状态、时间段；不含个人信息）— ${format}`,
            querystring: requestsQuery,
          },
        },
        async (req, reply) => {
          checkJurisdiction(req.query.jurisdiction_id);
          const found = await findRequests(ctx, req.apiKey as NonNullable<typeof req.apiKey>, req.query);
          return send(reply, format, 200, found, () => ({ service_requests: { request: found } }));
        },
      );
      app.post(
        `${PREFIX}/requests.${format}`,
        {
          config: apiKeyAccess('open311.write', { inBody: true }),
          schema: {
            tags: ['open311'],
            security: PARTNER_KEY,
            summary: `Open311 提交诉求：登记为本密钥渠道的工单（R2.1），同一提交只登记一次（R2.2）— ${format}`,
            body: postBody,
          },
        },
        async (req, reply) => {
          const b = req.body as z.output<typeof postBody>;
          const submission: Open311Submission = {
            jurisdiction_id: b.jurisdiction_id,
            service_code: b.service_code,
            lat: b.lat,
            long: b.long,
            address_string: b.address_string,
            address_id: b.address_id,
            first_name: b.first_name,
            last_name: b.last_name,
            phone: b.phone,
            email: b.email,
            device_id: b.device_id,
            account_id: b.account_id,
            description: b.description,
            media_url: b.media_url,
            attributes: attributesOf(req.body as Record<string, unknown>),
          };
          const { answer, created } = await submitRequest(
            ctx,
            req.apiKey as NonNullable<typeof req.apiKey>,
            submission,
          );
          return send(reply, format, created ? 201 : 200, answer, () => ({
            service_requests: { request: answer },
          }));
        },
      );
    }

    app.get(
      `${PREFIX}/services/:file`,
      {
        config: read,
        schema: {
          tags: ['open311'],
          security: PARTNER_KEY,
          summary: 'Open311 服务定义：该分类登记时要求的属性（services/{service_code}.json|xml）',
          params: fileParams,
          querystring: z.object(keyQuery),
        },
      },
      async (req, reply) => {
        const { id, format } = splitFile(req.params.file);
        checkJurisdiction(req.query.jurisdiction_id);
        const def = await serviceDefinition(ctx, id);
        return send(reply, format, 200, def, () => ({
          service_definition: {
            service_code: def.service_code,
            attributes: {
              attribute: def.attributes.map((a) => ({
                ...a,
                ...(Array.isArray(a.values) ? { values: { value: a.values } } : {}),
              })),
            },
          },
        }));
      },
    );
    app.get(
      `${PREFIX}/requests/:file`,
      {
        config: read,
        schema: {
          tags: ['open311'],
          security: PARTNER_KEY,
          summary: 'Open311 单件诉求（requests/{service_request_id}.json|xml；不含个人信息）',
          params: fileParams,
          querystring: z.object(keyQuery),
        },
      },
      async (req, reply) => {
        const { id, format } = splitFile(req.params.file);
        checkJurisdiction(req.query.jurisdiction_id);
        const found = await findRequest(ctx, req.apiKey as NonNullable<typeof req.apiKey>, id);
        return send(reply, format, 200, found, () => ({ service_requests: { request: found } }));
      },
    );
    app.get(
      `${PREFIX}/tokens/:file`,
      {
        config: read,
        schema: {
          tags: ['open311'],
          security: PARTNER_KEY,
          summary: 'Open311 由提交令牌查受理编号（tokens/{token}.json|xml）',
          params: fileParams,
          querystring: z.object(keyQuery),
        },
      },
      async (req, reply) => {
        const { id, format } = splitFile(req.params.file);
        checkJurisdiction(req.query.jurisdiction_id);
        const found = await findToken(ctx, req.apiKey as NonNullable<typeof req.apiKey>, id);
        return send(reply, format, 200, found, () => ({ service_requests: { request: found } }));
      },
    );
  };
