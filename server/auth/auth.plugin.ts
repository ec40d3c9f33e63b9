/**
 * Resolves the session (Bearer token or httpOnly cookie) into request.viewer before every handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { resolveSession } from './session.service.js';
import type { Viewer } from './viewer.js';

export const SESSION_COOKIE = 'jiesu_session';
/** The route patterns a restricted session (second factor to enrol, password to change) may still call. */
const SETUP_ROUTES = new Set([
  '/api/v1/me',
  '/api/v1/me/totp',
  '/api/v1/me/totp/confirm',
  '/api/v1/me/password',
  '/api/v1/auth/logout',
]);

/**
 * Whether a restricted session may reach the route that will run. Decided on the matched route pattern, never on
 * the request line: `GET http://host/api/v1/…`, `//api/v1/…` or encoded slashes reach the same handler as
 * `/api/v1/…` but do not start with `/api/` (R9.1; GB/T 22239 8.1.4.2; ASVS V4.1.1, V4.1.3). Only the API is
 * restricted: the page and its scripts must load to show the enrolment or change form; an unmatched URL answers 404.
 */
export function allowedWhileRestricted(routePattern: string | undefined): boolean {
  if (routePattern === undefined || !routePattern.startsWith('/api/')) return true;
  return SETUP_ROUTES.has(routePattern);
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

export function installAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('viewer', null);
  const ownOrigin = new URL(ctx.config.publicUrl).host;
  app.addHook('onRequest', async (req) => {
    const viaBearer = bearer(req);
    const viaCookie = viaBearer === undefined ? req.cookies[SESSION_COOKIE] : undefined;
    if (viaCookie && !SAFE_METHODS.has(req.method) && crossSite(req, ownOrigin)) {
      throw new AppError('AUTH.CROSS_SITE', '请求来自其他网站，已拒绝。请在本平台页面内操作。');
    }
    const token = viaBearer ?? viaCookie;
    if (token && token.length <= 100) req.viewer = await resolveSession(ctx, token);
    // An admin without a second factor may only enrol one; an admin-set password must be changed first.
    const setup = allowedWhileRestricted(req.routeOptions.url);
    if (req.viewer?.mfaRequired && !setup) {
      throw new AppError('AUTH.MFA_REQUIRED', '管理员和审计员账号须先绑定动态口令（TOTP）才能继续操作。');
    }
    if (req.viewer?.passwordChangeRequired && !setup) {
      throw new AppError('AUTH.PASSWORD_CHANGE_REQUIRED', '密码由管理员设置或重置，请先修改为自己的密码。');
    }
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a browser says the request comes from another site's page: `Sec-Fetch-Site` other than same-origin
 * (or none: typed by the user), else an `Origin` whose host is neither the request's host nor the public URL's.
 * Clients that send neither (scripts with a cookie jar) are not browsers acting for someone else (ASVS V4.2.2,
 * V13.2.3). Bearer-token clients are never asked: a foreign page cannot set their header.
 */
function crossSite(req: FastifyRequest, ownHost: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, file:) or garbage: not our page
  }
  return host !== hostOf(req.headers.host) && host !== ownHost;
}

/** A Host header as URL.host writes it (the default port dropped), or null. */
function hostOf(header: string | undefined): string | null {
  if (!header) return null;
  try {
    return new URL(`http://${header}`).host;
  } catch {
    return null;
  }
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/** The viewer, or 401. */
export function requireViewer(req: FastifyRequest): Viewer {
  if (!req.viewer) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录。');
  return req.viewer;
}
