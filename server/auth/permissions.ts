/**
 * Enforces the capabilities of shared/capabilities.ts. This is the one place that answers AUTH.FORBIDDEN (the
 * error handler audits every such refusal). Every route declares who may call it (GB/T 22239 8.1.4.2; ASVS V4.1.3,
 * V4.1.5): `config: { capability }` for a capability of shared/capabilities.ts, or `config: { access }` for
 * `public` (no session), `session` (any signed-in user; the data is filtered per viewer) or `ticket` (any
 * signed-in user; the ticket's unit links decide, and a ticket the viewer may not see answers the missing-ticket
 * 404). The hook installed by `installPermissions` checks the declaration before the body is read or validated; a
 * check that needs data first (the unit a unit leader may configure) calls `requireCapability` with the condition.
 * Partners' systems (Open311 clients, the phone system) call routes declared `config: apiKeyAccess(operation)`:
 * `access: 'apiKey'` with the operation the key must be scoped to; the same hook checks the key (one place for
 * Open311 and the screen pop), audits the use and rate-limits per key.
 * The security suite (server/security/suite/) fails for a route that declares nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  can,
  CAPABILITIES,
  dutiesSeparated,
  OWN_ROLES_MESSAGE,
  ROLES_CONFLICT_MESSAGE,
  type Capability,
} from '../../shared/capabilities.js';
import type { Role } from '../../shared/enums.js';
import { AppError } from '../errors.js';
import type { Viewer } from './viewer.js';
import { requireViewer } from './auth.plugin.js';
import type { AppContext } from '../context.js';
import type { ApiKeyOperation } from '../../shared/schemas/api-keys.js';
import { auditKeyUse, markKeyUsed, verifyApiKey, type ApiKeyPrincipal } from './api-keys.service.js';

/** Who may call a route that needs no capability. */
export const ACCESS = ['public', 'session', 'ticket', 'apiKey'] as const;
export type Access = (typeof ACCESS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the viewer must hold to call this route (shared/capabilities.ts). */
    capability?: Capability;
    /** Who may call a route without a capability: anyone, any signed-in user, per ticket, or a partner's key. */
    access?: Access;
    /** For `access: 'apiKey'`: the operation the key must be scoped to. */
    operation?: ApiKeyOperation;
    /** For `access: 'apiKey'`: the key may also come in the body's `api_key` (Open311 POST, form-encoded). */
    apiKeyInBody?: boolean;
  }
  interface FastifyRequest {
    /** The partner's key that called an `access: 'apiKey'` route, once checked. */
    apiKey: ApiKeyPrincipal | null;
  }
}

/**
 * The declaration of a route a partner's system calls with an API key (header `X-Api-Key`, or `api_key` in the
 * query — Open311's way — or, with `inBody`, in the body): scoped to `operation`, and rate-limited per key at the
 * key's own rate (the limit counts after the key is known, so one partner cannot exhaust another's).
 */
export function apiKeyAccess(operation: ApiKeyOperation, opts: { inBody?: boolean } = {}) {
  return {
    access: 'apiKey' as const,
    operation,
    ...(opts.inBody ? { apiKeyInBody: true } : {}),
    rateLimit: {
      hook: 'preHandler' as const,
      keyGenerator: (req: FastifyRequest) => `apikey:${req.apiKey?.id ?? req.ip}`,
      max: (req: FastifyRequest) => req.apiKey?.ratePerMinute ?? 1,
      timeWindow: 60_000,
    },
  };
}

/** The OpenAPI security requirement of a partner's route (the `partnerKey` scheme of server/app.ts). */
export const PARTNER_KEY = [{ partnerKey: [] }] as const;

/** The key a request presents: the `X-Api-Key` header, else `api_key` in the query, else (when allowed) the body. */
function presentedKey(req: FastifyRequest, body: boolean): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.api_key;
  if (typeof fromQuery === 'string' && fromQuery) return fromQuery;
  if (!body) return undefined;
  const fromBody = (req.body as Record<string, unknown> | undefined)?.api_key;
  return typeof fromBody === 'string' && fromBody ? fromBody : undefined;
}

/** A route as registered, with what it declares, for the security suite's matrix. */
export interface RoutePolicy {
  method: string;
  url: string;
  capability: Capability | undefined;
  access: Access | undefined;
  /** For `access: 'apiKey'`: the operation the key must hold. */
  operation: ApiKeyOperation | undefined;
  /** The route's body and query schemas (zod), from which the suite builds its probes. */
  body: unknown;
  querystring: unknown;
}

const registries = new WeakMap<object, (() => RoutePolicy)[]>();

/**
 * Records every route registered after this call (call it first, so the documentation's routes are seen too); its
 * declaration is read when asked, after every plugin's onRoute hook has had its say. HEAD routes Fastify adds for
 * GETs are left out: they share their GET's declaration.
 */
export function recordRoutePolicies(app: FastifyInstance): void {
  const list: (() => RoutePolicy)[] = [];
  registries.set(app, list);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      list.push(() => {
        const config = (route.config ?? {}) as {
          capability?: Capability;
          access?: Access;
          operation?: ApiKeyOperation;
        };
        return {
          method,
          url: route.url,
          capability: config.capability,
          access: config.access,
          operation: config.operation,
          body: route.schema?.body,
          querystring: route.schema?.querystring,
        };
      });
    }
  });
}

/** The routes of an app built with `recordRoutePolicies`, each with what it declares. */
export function routePolicies(app: FastifyInstance): readonly RoutePolicy[] {
  return (registries.get(app) ?? []).map((read) => read());
}

/** 403 with the capability's message unless the viewer holds it (and `also`, a condition on the data, holds). */
export function requireCapability(viewer: Viewer, capability: Capability, also = true): void {
  if (!also || !can(viewer.roles, capability))
    throw new AppError('AUTH.FORBIDDEN', CAPABILITIES[capability].message);
}

/**
 * GB/T 22239 8.1.4.2 d: the roles a user is given keep the administrator and the auditor apart from each
 * other and from ticket handling (USER.ROLES_CONFLICT, on the field `roles`).
 */
export function requireSeparatedDuties(roles: readonly Role[]): void {
  if (!dutiesSeparated(roles))
    throw new AppError('USER.ROLES_CONFLICT', ROLES_CONFLICT_MESSAGE, {
      fields: [{ field: 'roles', message: ROLES_CONFLICT_MESSAGE }],
    });
}

/** Nobody changes their own roles (GB/T 22239 8.1.4.2): another administrator must (USER.OWN_ROLES). */
export function requireNotOwnRoles(
  viewer: Viewer,
  userId: string,
  before: readonly string[],
  after: readonly string[],
): void {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().every((r, i) => r === [...b].sort()[i]);
  if (viewer.userId === userId && !same(before, after))
    throw new AppError('USER.OWN_ROLES', OWN_ROLES_MESSAGE, {
      fields: [{ field: 'roles', message: OWN_ROLES_MESSAGE }],
    });
}

/**
 * Checks the route's declaration on every request, after the session is resolved and before the body is read:
 * a caller without the right is refused without learning what the route would have said about its input.
 */
export function installPermissions(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('apiKey', null);
  const checkKey = async (req: FastifyRequest, secret: string | undefined) => {
    const { operation } = req.routeOptions.config;
    const route = `${req.method} ${req.routeOptions.url ?? ''}`;
    const found = await verifyApiKey(ctx, secret);
    if ('refused' in found) {
      await auditKeyUse(ctx, null, route, 'denied', found.refused);
      throw found.refused === 'missing'
        ? new AppError('APIKEY.MISSING', '缺少 API 密钥（请求头 X-Api-Key 或参数 api_key）。')
        : new AppError('APIKEY.INVALID', 'API 密钥无效、已吊销或已轮换。');
    }
    if (!operation || !found.key.operations.includes(operation)) {
      await auditKeyUse(ctx, found.key, route, 'denied', 'scope');
      throw new AppError('APIKEY.SCOPE', `该 API 密钥无权调用此操作（${operation ?? '未声明'}）。`);
    }
    await auditKeyUse(ctx, found.key, route, 'success');
    req.apiKey = found.key;
  };
  app.addHook('onRequest', async (req) => {
    const { capability, access, apiKeyInBody } = req.routeOptions.config;
    if (capability) requireCapability(requireViewer(req), capability);
    else if (access === 'session' || access === 'ticket') requireViewer(req);
    else if (access === 'apiKey') {
      const secret = presentedKey(req, false);
      // Only a route that takes the key in its body waits for the body; every other refusal comes first.
      if (secret || !apiKeyInBody || !hasFormOrJsonBody(req)) await checkKey(req, secret);
    }
  });
  app.addHook('preValidation', async (req) => {
    const { access } = req.routeOptions.config;
    if (access === 'apiKey' && !req.apiKey) await checkKey(req, presentedKey(req, true));
  });
  app.addHook('onResponse', async (req, reply) => {
    if (req.apiKey && reply.statusCode < 400)
      await markKeyUsed(ctx, req.apiKey.id).catch((err: unknown) =>
        req.log.error({ err }, 'key use not marked'),
      );
  });
}

function hasFormOrJsonBody(req: FastifyRequest): boolean {
  const type = req.headers['content-type'] ?? '';
  return /^(application\/x-www-form-urlencoded|application\/json|multipart\/form-data)/i.test(type);
}
