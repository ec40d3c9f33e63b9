/** The administrator's API-key routes: list, issue (the key shown once), rotate, revoke. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from './auth.plugin.js';
import { uuid } from '../../shared/schemas/common.js';
import { apiKeyCreateBody, apiKeyIssued, apiKeyView } from '../../shared/schemas/api-keys.js';
import { issueApiKey, listApiKeys, revokeApiKey, rotateApiKey } from './api-keys.service.js';

const idParam = z.object({ id: uuid({ message: '密钥编号格式不正确' }) });

export const apiKeyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const config = { capability: 'apikeys.manage' } as const;
    app.get(
      '/api/v1/api-keys',
      {
        config,
        schema: {
          tags: ['api-keys'],
          summary: '对接方 API 密钥列表（不含密钥本身）',
          response: { 200: z.array(apiKeyView) },
        },
      },
      async () => listApiKeys(ctx),
    );
    app.post(
      '/api/v1/api-keys',
      {
        config,
        schema: {
          tags: ['api-keys'],
          summary: '签发 API 密钥：限定一个受理渠道（R2.1）和可调用的操作；密钥只在本次应答中出现',
          body: apiKeyCreateBody,
          response: { 201: apiKeyIssued },
        },
      },
      async (req, reply) => reply.code(201).send(await issueApiKey(ctx, requireViewer(req), req.body)),
    );
    app.post(
      '/api/v1/api-keys/:id/rotate',
      {
        config,
        schema: {
          tags: ['api-keys'],
          summary: '轮换 API 密钥：生成新密钥，旧密钥立即失效；新密钥只在本次应答中出现',
          params: idParam,
          response: { 200: apiKeyIssued },
        },
      },
      async (req) => rotateApiKey(ctx, requireViewer(req), req.params.id),
    );
    app.post(
      '/api/v1/api-keys/:id/revoke',
      {
        config,
        schema: {
          tags: ['api-keys'],
          summary: '吊销 API 密钥：立即失效',
          params: idParam,
          response: { 200: apiKeyView },
        },
      },
      async (req) => revokeApiKey(ctx, requireViewer(req), req.params.id),
    );
  };
