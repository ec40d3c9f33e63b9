/**
 * Partner connectors (R2.1), webhook subscriptions and the outbox's deliveries (docs/integrations-outbound.md):
 * the administrator configures; the office (and the administrator) follows deliveries and replays dead letters;
 * partners push signed requests to `/api/v1/partners/{connector}/requests` (public: the signature authenticates).
 */
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  connectorBody,
  connectorView,
  deliveryDetailView,
  deliveryListView,
  deliveryQuery,
  deliveryView,
  partnerPushAnswer,
  partnerPushBody,
  subscriptionBody,
  subscriptionView,
} from '../../shared/schemas/integrations.js';
import {
  delivery,
  deliveries,
  listConnectors,
  listSubscriptions,
  replay,
  rotateConnectorSecret,
  saveConnector,
  saveSubscription,
  sendTestDelivery,
} from './integration.service.js';
import { receivePush } from './inbound.service.js';

const idParam = z.object({ id: z.uuid({ message: '编号不正确' }) });
const codeParam = z.object({
  connector: z
    .string()
    .max(50)
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: '对接平台编码不正确' }),
});
const tags = ['integrations'];
/** Pushes per minute from one address: a partner handing down a backlog, not a flood. */
const PUSH_PER_MINUTE = 600;

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as received, for the partner push's signature. */
    rawBody?: string;
  }
}

export const integrationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/integrations/connectors',
      {
        config: { capability: 'integrations.manage' },
        schema: { tags, summary: '对接平台（R2.1 上级渠道）列表', response: { 200: z.array(connectorView) } },
      },
      async () => listConnectors(ctx),
    );
    app.post(
      '/api/v1/integrations/connectors',
      {
        config: { capability: 'integrations.manage' },
        schema: {
          tags,
          summary: '新建对接平台（未给密钥时生成一个，只显示这一次）',
          body: connectorBody,
          response: { 201: connectorView },
        },
      },
      async (req, reply) => reply.code(201).send(await saveConnector(ctx, req.body)),
    );
    app.put(
      '/api/v1/integrations/connectors/:id',
      {
        config: { capability: 'integrations.manage' },
        schema: {
          tags,
          summary: '修改对接平台（不给密钥时保留原密钥）',
          params: idParam,
          body: connectorBody,
          response: { 200: connectorView },
        },
      },
      async (req) => saveConnector(ctx, req.body, req.params.id),
    );
    app.post(
      '/api/v1/integrations/connectors/:id/rotate-secret',
      {
        config: { capability: 'integrations.manage' },
        schema: {
          tags,
          summary: '更换签名密钥（新密钥只显示这一次）',
          params: idParam,
          response: { 200: connectorView },
        },
      },
      async (req) => rotateConnectorSecret(ctx, req.params.id),
    );
    app.post(
      '/api/v1/integrations/connectors/:id/test',
      {
        config: { capability: 'integrations.manage' },
        schema: { tags, summary: '发送测试投递', params: idParam, response: { 201: deliveryView } },
      },
      async (req, reply) => reply.code(201).send(await sendTestDelivery(ctx, 'connector', req.params.id)),
    );
    app.get(
      '/api/v1/integrations/webhooks',
      {
        config: { capability: 'integrations.manage' },
        schema: { tags, summary: 'Webhook 订阅列表', response: { 200: z.array(subscriptionView) } },
      },
      async () => listSubscriptions(ctx),
    );
    app.post(
      '/api/v1/integrations/webhooks',
      {
        config: { capability: 'integrations.manage' },
        schema: {
          tags,
          summary: '新建 Webhook 订阅（未给密钥时生成一个，只显示这一次）',
          body: subscriptionBody,
          response: { 201: subscriptionView },
        },
      },
      async (req, reply) => reply.code(201).send(await saveSubscription(ctx, req.body)),
    );
    app.put(
      '/api/v1/integrations/webhooks/:id',
      {
        config: { capability: 'integrations.manage' },
        schema: {
          tags,
          summary: '修改 Webhook 订阅',
          params: idParam,
          body: subscriptionBody,
          response: { 200: subscriptionView },
        },
      },
      async (req) => saveSubscription(ctx, req.body, req.params.id),
    );
    app.post(
      '/api/v1/integrations/webhooks/:id/test',
      {
        config: { capability: 'integrations.manage' },
        schema: { tags, summary: '发送测试投递', params: idParam, response: { 201: deliveryView } },
      },
      async (req, reply) => reply.code(201).send(await sendTestDelivery(ctx, 'webhook', req.params.id)),
    );
    app.get(
      '/api/v1/integrations/deliveries',
      {
        config: { capability: 'integrations.deliveries' },
        schema: {
          tags,
          summary: '对外投递（回传与 Webhook）：状态、次数、最近错误；status=dead 为死信',
          querystring: deliveryQuery,
          response: { 200: deliveryListView },
        },
      },
      async (req) => deliveries(ctx, req.query),
    );
    app.get(
      '/api/v1/integrations/deliveries/:id',
      {
        config: { capability: 'integrations.deliveries' },
        schema: {
          tags,
          summary: '一次投递及其每次尝试的记录（状态码、耗时、错误，不含内容）',
          params: idParam,
          response: { 200: deliveryDetailView },
        },
      },
      async (req) => delivery(ctx, req.params.id),
    );
    app.post(
      '/api/v1/integrations/deliveries/:id/replay',
      {
        config: { capability: 'integrations.deliveries' },
        schema: {
          tags,
          summary: '重发死信（同一投递，同一 Idempotency-Key）',
          params: idParam,
          response: { 200: deliveryView },
        },
      },
      async (req) => replay(ctx, req.params.id),
    );

    // The partner push keeps its body as received: the signature is over those bytes.
    await app.register(async (push) => {
      push.removeContentTypeParser('application/json');
      push.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        req.rawBody = text;
        try {
          done(null, JSON.parse(text) as unknown);
        } catch {
          done(Object.assign(new SyntaxError('invalid JSON'), { statusCode: 400 }), undefined);
        }
      });
      push.withTypeProvider<ZodTypeProvider>().post(
        '/api/v1/partners/:connector/requests',
        {
          config: { access: 'public', rateLimit: { max: PUSH_PER_MINUTE, timeWindow: 60_000 } },
          schema: {
            tags,
            summary: '上级平台推送诉求（HMAC-SHA256 签名，5 分钟有效期；同一对方编号只登记一次，R2.2）',
            params: codeParam,
            body: partnerPushBody,
            response: { 200: partnerPushAnswer, 201: partnerPushAnswer },
          },
        },
        async (req, reply) => {
          const result = await receivePush(
            ctx,
            req.params.connector,
            req.headers,
            req.rawBody ?? '',
            req.body,
          );
          return reply.code(result.created ? 201 : 200).send(result);
        },
      );
    });
  };
