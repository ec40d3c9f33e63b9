/**
 * The citizens' door: submit a request through the website channel (市政府网站民生诉求窗口),
 * and track it by code plus phone. Rate-limited; personal data only in request bodies, never in URLs.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventsOf, findTicketByCode } from '../tickets/ticket.repository.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { LIMITS } from '../../shared/limits.js';
import {
  powChallenge,
  publicRateBody,
  publicSubmitBody,
  publicSubmitted,
  publicTrackView,
  ratingInfoBody,
  ratingInfoView,
} from '../../shared/schemas/public.js';
import { registerFromChannel } from '../tickets/ticket.service.js';
import { checkChallenge, issueChallenge } from './challenge.js';
import { checkMatches, parseReference, trackingCheck, trackingReference, TrackingGuard } from './tracking.js';
import { rateByLink, ratingInfo } from '../supervision/rating.service.js';
import { maskName, maskNumbersInText } from '../../domain/security/mask.js';
import { STATUS_ZH } from '../../domain/ticket/ticket.machine.js';

/** The website's own channel code (R2.1 市政府网站民生诉求窗口). */
export const PUBLIC_CHANNEL = 'web_window';

const trackBody = z.object({
  /** The tracking reference '<code>-<check>' given at submission (the bare code alone is not enough). */
  code: z.string().trim().min(1).max(40),
  phone: z.string().trim().min(5).max(LIMITS.phoneMax),
});

/** Public milestones: what a citizen may see of the timeline — stage and time, no internal notes. */
const PUBLIC_STAGES: Record<string, string> = {
  register: '已受理',
  dispatch: '已转办承办单位',
  accept: '承办单位已签收',
  'report-disposal': '已现场处置',
  verify: '已核实',
  plan: '已制定解决方案',
  complete: '已办结',
  feedback: '已反馈',
  revisit: '已回访',
  supervise: '已督办',
  'close-supervision': '督办办结',
  answer: '已直接答复',
};

/** The latest reply fed back to the complainant (R4.5), numbers masked as on any public page (R9.1). */
function lastReply(events: { at: Date; action: string; data: Record<string, unknown> }[]) {
  const fed = events
    .filter(
      (e) =>
        (e.action === 'feedback' && typeof e.data.toComplainant === 'string') ||
        (e.action === 'answer' && typeof e.data.answer === 'string'),
    )
    .at(-1);
  if (!fed) return null;
  const text = (fed.action === 'answer' ? fed.data.answer : fed.data.toComplainant) as string;
  return { at: fed.at.toISOString(), text: maskNumbersInText(text) };
}

export const publicRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const sign = (payload: string) => ctx.cipher.textHash('public.challenge', payload);
    const limits = ctx.config.rateLimits;
    const guard = new TrackingGuard();

    app.get(
      '/api/v1/public/challenge',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: '获取提交诉求的防机器人挑战（工作量证明）',
          response: { 200: powChallenge },
        },
      },
      async () => issueChallenge(sign, ctx.clock.now()),
    );

    app.post(
      '/api/v1/public/requests',
      {
        config: { access: 'public', rateLimit: { max: limits.publicSubmitPerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['public'],
          summary: '群众提交诉求（市政府网站民生诉求窗口）',
          body: publicSubmitBody,
          response: { 201: publicSubmitted },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const check = checkChallenge(sign, b.challenge, b.solution, ctx.clock.now());
        if (check !== 'ok') {
          const message =
            check === 'expired' ? '验证已过期，请刷新页面后重新提交。' : '人机验证未通过，请刷新页面后重试。';
          throw new AppError('REQUEST.INVALID', message, { fields: [{ field: 'solution', message }] });
        }
        const { row } = await registerFromChannel(ctx, null, {
          channel: PUBLIC_CHANNEL,
          channelRef: `web-${b.challenge.id}`,
          title: b.title,
          content: b.content,
          requestType: b.requestType,
          complainant: b.complainant,
          location: b.location,
        });
        const reference = trackingReference(ctx.cipher, row);
        return reply.code(201).send({
          code: row.code,
          reference,
          message: `您的诉求已受理，受理编号 ${row.code}，查询编号 ${reference}。请凭查询编号和手机号查询办理进度。`,
        });
      },
    );

    // The token is a secret: it travels in the body, never in a URL that logs, proxies and history keep.
    app.post(
      '/api/v1/public/rating/info',
      {
        config: { access: 'public', rateLimit: { max: limits.publicTrackPerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['public'],
          summary: '评价链接对应的诉求（个人评价链接；令牌放在请求体中，不放在地址里）',
          body: ratingInfoBody,
          response: { 200: ratingInfoView },
        },
      },
      async (req) => ratingInfo(ctx, req.body.token),
    );
    app.post(
      '/api/v1/public/rating',
      {
        config: { access: 'public', rateLimit: { max: limits.publicTrackPerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['public'],
          summary: '诉求人通过个人链接评价（满意 / 基本满意 / 不满意），只能使用一次',
          body: publicRateBody,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (req) => rateByLink(ctx, req.body.token, req.body.outcome, req.body.note),
    );

    app.post(
      '/api/v1/public/track',
      {
        config: { access: 'public', rateLimit: { max: limits.publicTrackPerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['public'],
          summary: '凭查询编号（受理编号加校验码）和手机号查询办理进度；同一编号失败过多即暂停查询',
          body: trackBody,
          response: { 200: publicTrackView },
        },
      },
      async (req) => {
        const now = ctx.clock.now();
        const { code, check } = parseReference(req.body.code);
        // Counted per code, whoever asks (GB/T 22239 8.1.4.4): a code that exists and one that does not
        // are limited alike, so the limit tells nothing either.
        const wait = guard.retryAfter(code, now);
        if (wait > 0) {
          throw new AppError('REQUEST.RATE_LIMITED', `该编号查询失败次数过多，请 ${wait} 秒后再试。`, {
            retryAfterSeconds: wait,
          });
        }
        const row = await findTicketByCode(ctx.db, code);
        const expected = row ? trackingCheck(ctx.cipher, row.id) : 'X'.repeat(check.length || 1);
        const phoneOk = row ? row.complainantPhoneHash === ctx.cipher.phoneHash(req.body.phone) : false;
        // Wrong code, wrong check and wrong phone answer the same, so the endpoint cannot probe codes.
        if (!row || !checkMatches(check, expected) || !phoneOk) {
          guard.fail(code, now);
          throw new AppError('NOT_FOUND', '没有找到该诉求：请核对查询编号和手机号。');
        }
        const events = await eventsOf(ctx.db, row.id);
        return {
          code: row.code,
          reference: trackingReference(ctx.cipher, row),
          status: row.status,
          statusText: STATUS_ZH[row.status],
          title: row.title,
          name: maskName(ctx.cipher.decrypt('complainant.name', row.complainantNameEnc)),
          registeredAt: row.registeredAt.toISOString(),
          stages: events
            .filter((e) => PUBLIC_STAGES[e.action])
            .map((e) => ({
              at: e.at.toISOString(),
              stage: e.action,
              text: PUBLIC_STAGES[e.action] as string,
            })),
          reply: lastReply(events),
        };
      },
    );
  };
