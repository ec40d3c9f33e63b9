import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { AppError } from '../errors.js';
import { noticeLanguageBody, notificationView } from '../../shared/schemas/notifications.js';
import { okSchema } from '../../shared/schemas/common.js';
import { languageOf } from '../../shared/messages-en.js';
import { listNotifications, markRead, setNoticeLanguage, unreadCount } from './notification.service.js';
import type { ServerResponse } from 'node:http';

/** A stream is closed after this long; the page reconnects, and so its session is checked again. */
const STREAM_MAX_MS = 5 * 60_000;
const KEEPALIVE_MS = 25_000;

export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const open = new Set<ServerResponse>();
    app.addHook('preClose', async () => {
      for (const res of open) res.end();
    });
    app.get(
      '/api/v1/notifications/stream',
      {
        config: { access: 'session' },
        schema: {
          tags: ['notifications'],
          summary:
            '通知推送（Server-Sent Events）：连接时和每有新通知时发送 `event: notifications`，data 为 {"unread": 未读数}；电话系统来电弹屏时发送 `event: call`，data 为 {"callId": 来电编号}；五分钟后关闭，客户端重连；不要求 text/event-stream 的请求得到一次 JSON {"unread": 未读数}',
        },
      },
      async (req, reply) => {
        const { userId } = requireViewer(req);
        // A client that does not ask for a stream (no `Accept: text/event-stream`) gets the count once, as JSON.
        if (!(req.headers.accept ?? '').includes('text/event-stream'))
          return reply.send({ unread: await unreadCount(ctx.db, userId) });
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          ...(reply.getHeaders() as Record<string, string>),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        open.add(res);
        let sending = Promise.resolve();
        const send = () => {
          sending = sending
            .then(async () => {
              const unread = await unreadCount(ctx.db, userId);
              if (!res.writableEnded)
                res.write(`event: notifications\ndata: ${JSON.stringify({ unread })}\n\n`);
            })
            .catch(() => {});
        };
        res.write('retry: 3000\n\n');
        send();
        const unsubscribe = ctx.hub.subscribe(userId, send);
        // The phone system's screen pop (来电弹屏): the page fetches the call by its id (GET /api/v1/cti/calls/:callId).
        const unsubscribeCalls = ctx.hub.subscribeCalls(userId, (callId) => {
          sending = sending.then(() => {
            if (!res.writableEnded) res.write(`event: call\ndata: ${JSON.stringify({ callId })}\n\n`);
          });
        });
        const ping = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
        const limit = setTimeout(() => res.end(), STREAM_MAX_MS);
        res.on('close', () => {
          unsubscribe();
          unsubscribeCalls();
          clearInterval(ping);
          clearTimeout(limit);
          open.delete(res);
        });
      },
    );
    app.get(
      '/api/v1/notifications',
      {
        config: { access: 'session' },
        schema: {
          tags: ['notifications'],
          summary:
            '我的站内通知（临期预警、超期、督办、交办……），按 Accept-Language 的语言呈现（zh-CN 默认，en）',
          querystring: z.object({
            unread: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.array(notificationView) },
        },
      },
      async (req, reply) => {
        reply.header('Vary', 'Accept-Language');
        return listNotifications(
          ctx.db,
          requireViewer(req).userId,
          req.query.unread === 'true',
          req.query.limit,
          languageOf(req.headers['accept-language']),
        );
      },
    );
    app.put(
      '/api/v1/notifications/language',
      {
        config: { access: 'session' },
        schema: {
          tags: ['notifications'],
          summary: '我使用的界面语言：短信通知以此语言发送（zh 中文，en English）',
          body: noticeLanguageBody,
          response: { 200: okSchema },
        },
      },
      async (req) => {
        await setNoticeLanguage(ctx.db, requireViewer(req).userId, req.body.lang);
        return { ok: true as const };
      },
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
