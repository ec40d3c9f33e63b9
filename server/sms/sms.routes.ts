/**
 * SMS routes: the gateway's signed callbacks (delivery receipts, replies such as 退订) and the office's and the
 * administrator's views — sent messages with masked numbers, the opt-out list, SMS templates, units' SMS numbers.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import {
  optOutBody,
  optOutItem,
  smsCallbackView,
  smsListQuery,
  smsListView,
  smsReceiptsBody,
  smsReplyBody,
  smsTemplateBody,
  smsTemplateView,
  unitSmsNumberBody,
  unitSmsNumberItem,
  unitSmsNumberView,
} from '../../shared/schemas/sms.js';
import {
  addOptOut,
  listOptOuts,
  listSms,
  listSmsTemplates,
  listUnitSmsNumbers,
  recordReceipt,
  recordReply,
  removeOptOut,
  requeueSms,
  saveSmsTemplate,
  setUnitSmsNumber,
  verifyCallback,
} from './sms.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The callback's body as it came, for its signature. */
    rawBody?: string;
  }
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
};

export const smsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // The gateway's callbacks: the signature covers the body as sent, so keep it before parsing.
    const callbacks: FastifyPluginAsyncZod = async (cb) => {
      cb.removeContentTypeParser('application/json');
      cb.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        req.rawBody = body as string;
        try {
          done(null, JSON.parse(body as string));
        } catch (err) {
          done(Object.assign(err as Error, { statusCode: 400 }), undefined);
        }
      });
      const cfg = ctx.config.sms.http;
      const tsHeader = cfg?.timestampHeader ?? 'X-Jiesu-Timestamp';
      const sigHeader = cfg?.signatureHeader ?? 'X-Jiesu-Signature';
      const verify = (req: FastifyRequest) =>
        verifyCallback(ctx, req.rawBody ?? '', header(req, tsHeader), header(req, sigHeader));
      const config = { access: 'public', rateLimit: { max: 600, timeWindow: 60_000 } } as const;
      cb.post(
        '/api/v1/sms/receipts',
        {
          config,
          schema: {
            tags: ['sms'],
            summary: '短信网关回执（签名：HMAC-SHA256，见 docs/integrations-sms.md）',
            body: smsReceiptsBody,
            response: { 200: smsCallbackView },
          },
        },
        async (req) => {
          verify(req);
          let recorded = 0;
          for (const r of req.body.receipts) if (await recordReceipt(ctx, 'http', r)) recorded += 1;
          return { recorded };
        },
      );
      cb.post(
        '/api/v1/sms/replies',
        {
          config,
          schema: {
            tags: ['sms'],
            summary: '短信上行（回复 TD 或“退订”即加入退订名单）',
            body: smsReplyBody,
            response: { 200: smsCallbackView },
          },
        },
        async (req) => {
          verify(req);
          return { recorded: (await recordReply(ctx, req.body.from, req.body.text)) ? 1 : 0 };
        },
      );
    };
    await app.register(callbacks);

    app.get(
      '/api/v1/sms/messages',
      {
        config: { capability: 'sms.view' },
        schema: {
          tags: ['sms'],
          summary: '短信发送记录（号码已脱敏，不含正文）',
          querystring: smsListQuery,
          response: { 200: smsListView },
        },
      },
      async (req) => listSms(ctx, req.query),
    );
    app.post(
      '/api/v1/sms/messages/:id/requeue',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '重发状态未知或失败的短信（核实未送达后）',
          params: z.object({ id: z.coerce.number().int().min(1) }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await requeueSms(ctx, requireViewer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/v1/sms/opt-outs',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '短信退订名单（号码已脱敏）',
          response: { 200: z.array(optOutItem) },
        },
      },
      async () => listOptOuts(ctx),
    );
    app.post(
      '/api/v1/sms/opt-outs',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '把号码加入退订名单',
          body: optOutBody,
          response: { 201: optOutItem },
        },
      },
      async (req, reply) => reply.code(201).send(await addOptOut(ctx, requireViewer(req), req.body.phone)),
    );
    app.delete(
      '/api/v1/sms/opt-outs/:id',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '把号码移出退订名单',
          params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, { message: '退订记录编号不正确' }) }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await removeOptOut(ctx, requireViewer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/v1/sms/templates',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '短信模板（各类短信的措辞）',
          response: { 200: z.array(smsTemplateView) },
        },
      },
      async () => listSmsTemplates(ctx),
    );
    app.put(
      '/api/v1/sms/templates/:kind',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '修改短信模板（body 为 null 恢复内置措辞）',
          params: z.object({ kind: z.string().max(60) }),
          body: smsTemplateBody,
          response: { 200: smsTemplateView },
        },
      },
      async (req) => saveSmsTemplate(ctx, requireViewer(req), req.params.kind, req.body.body),
    );
    app.get(
      '/api/v1/sms/unit-numbers',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '各单位接收短信通知的号码（已脱敏）',
          response: { 200: z.array(unitSmsNumberItem) },
        },
      },
      async () => listUnitSmsNumbers(ctx),
    );
    app.put(
      '/api/v1/sms/unit-numbers/:unitId',
      {
        config: { capability: 'sms.manage' },
        schema: {
          tags: ['sms'],
          summary: '设置单位接收督办、临期等短信通知的号码（null 取消）',
          params: z.object({ unitId: z.uuid({ message: '单位编号不正确' }) }),
          body: unitSmsNumberBody,
          response: { 200: unitSmsNumberView },
        },
      },
      async (req) => setUnitSmsNumber(ctx, requireViewer(req), req.params.unitId, req.body.phone),
    );
  };
