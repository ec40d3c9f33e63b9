import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { AppError } from '../errors.js';
import { notificationView } from '../../shared/schemas/notifications.js';
import { listNotifications, markRead } from './notification.service.js';

export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/notifications',
      {
        config: { access: 'session' },
        schema: {
          tags: ['notifications'],
          summary: '我的站内通知（临期预警、超期、督办）',
          querystring: z.object({
            unread: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.array(notificationView) },
        },
      },
      async (req) =>
        listNotifications(ctx.db, requireViewer(req).userId, req.query.unread === 'true', req.query.limit),
    );
    app.post(
      '/api/v1/notifications/:id/read',
      {
        config: { access: 'session' },
        schema: {
          tags: ['notifications'],
          summary: '标记为已读',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (req) => {
        const ok = await markRead(ctx.db, requireViewer(req).userId, req.params.id, ctx.clock.now());
        if (!ok) throw new AppError('NOT_FOUND', '通知不存在。');
        return { ok: true as const };
      },
    );
  };
