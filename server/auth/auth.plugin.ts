/**
 * Resolves the session (Bearer token or httpOnly cookie) into request.viewer before every handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { resolveSession } from './session.service.js';
import type { Viewer } from './viewer.js';

export const SESSION_COOKIE = 'jiesu_session';
/** What a restricted session (second factor to enrol, password to change) may still call; /api/v1/me covers /me/*. */
const SETUP_PATHS = ['/api/v1/me', '/api/v1/auth/logout'];

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
    // Issue 3 §4: an admin without a second factor may only enrol one.
    // Only the API is restricted: the page and its scripts must load to show the enrolment or change form.
    const setup = !req.url.startsWith('/api/') || SETUP_PATHS.some((p) => req.url.startsWith(p));
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
