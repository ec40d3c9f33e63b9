import { capabilitiesOf } from '../../shared/capabilities.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordBody, loginBody, loginResponse, meView } from '../../shared/schemas/auth.js';
import { changeOwnPassword } from './password-change.service.js';
import { okSchema } from '../../shared/schemas/common.js';
import type { AppContext } from '../context.js';
import { login } from './login.service.js';
import { requireViewer, SESSION_COOKIE } from './auth.plugin.js';
import { revokeSession } from './session.service.js';
import { z } from 'zod';
import { confirmEnrollment, startEnrollment } from './totp.service.js';
import { audit } from '../audit/audit.service.js';

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: {
          access: 'public',
          rateLimit: { max: ctx.config.rateLimits.loginPerMinute, timeWindow: 60_000 },
        },
        schema: { tags: ['auth'], summary: '登录', body: loginBody, response: { 200: loginResponse } },
      },
      async (req, reply) => {
        const result = await login(ctx, req.body.username, req.body.password, req.body.totp);
        reply.setCookie(SESSION_COOKIE, result.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.config.tls,
          path: '/',
          maxAge: ctx.config.sessionAbsoluteSeconds,
        });
        return result;
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        config: { access: 'session' },
        schema: { tags: ['auth'], summary: '退出登录', response: { 200: okSchema } },
      },
      async (req, reply) => {
        const viewer = requireViewer(req);
        await revokeSession(ctx, viewer.sessionId);
        await audit(ctx.db, { at: ctx.clock.now(), actor: viewer, action: 'logout', outcome: 'success' });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/me/totp',
      {
        config: { access: 'session' },
        schema: {
          tags: ['auth'],
          summary: '开始绑定动态口令（TOTP）：返回密钥和 otpauth 链接，确认后生效',
          response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }) },
        },
      },
      async (req) => {
        const v = requireViewer(req);
        const started = await startEnrollment(ctx, v.userId, v.username);
        await audit(ctx.db, {
          at: ctx.clock.now(),
          actor: v,
          action: 'totp.enrol.start',
          outcome: 'success',
        });
        return started;
      },
    );
    app.post(
      '/api/v1/me/totp/confirm',
      {
        config: { access: 'session' },
        schema: {
          tags: ['auth'],
          summary: '用验证器中的口令确认绑定',
          body: z.object({ code: z.string().regex(/^\d{6}$/, { message: '动态口令为 6 位数字' }) }),
          response: { 200: okSchema },
        },
      },
      async (req) => {
        const v = requireViewer(req);
        await confirmEnrollment(ctx, v.userId, req.body.code);
        await audit(ctx.db, {
          at: ctx.clock.now(),
          actor: v,
          action: 'totp.enrol.confirm',
          outcome: 'success',
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/me/password',
      {
        config: {
          access: 'session',
          rateLimit: { max: ctx.config.rateLimits.loginPerMinute, timeWindow: 60_000 },
        },
        schema: {
          tags: ['auth'],
          summary: '修改自己的密码（须验证当前密码；其他会话随即失效）',
          body: changePasswordBody,
          response: { 200: okSchema },
        },
      },
      async (req) => {
        const v = requireViewer(req);
        await changeOwnPassword(ctx, v, req.body.currentPassword, req.body.newPassword);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/me',
      {
        config: { access: 'session' },
        schema: { tags: ['auth'], summary: '当前用户', response: { 200: meView } },
      },
      async (req) => {
        const v = requireViewer(req);
        return {
          id: v.userId,
          username: v.username,
          displayName: v.displayName,
          roles: [...v.roles],
          unitId: v.unitId,
          passwordChangeRequired: v.passwordChangeRequired,
          capabilities: capabilitiesOf(v.roles),
        };
      },
    );
  };
