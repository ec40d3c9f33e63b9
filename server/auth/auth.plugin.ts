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
  app.addHook('onRequest', async (req) => {
    const token = bearer(req) ?? req.cookies[SESSION_COOKIE];
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
