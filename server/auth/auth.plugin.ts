/**
 * Resolves the session (Bearer token or httpOnly cookie) into request.viewer before every handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { resolveSession } from './session.service.js';
import type { Viewer } from './viewer.js';

export const SESSION_COOKIE = 'jiesu_session';

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
