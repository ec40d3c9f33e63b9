import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { ticketView } from '../../shared/schemas/tickets.js';
import { pageQuery, text, uuidParam, uuid } from '../../shared/schemas/common.js';
import { LIMITS } from '../../shared/limits.js';
import { coordinationCaseView, coordinationList } from '../../shared/schemas/coordination.js';
import { decideCoordination, draftCoordination, listCoordination } from './coordination.service.js';

export const coordinationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/tickets/:id/coordination',
      {
        config: { capability: 'coordination.draft' },
        schema: {
          tags: ['coordination'],
          summary: '起草协调建议，报市政府秘书长或分管副市长（R5.1）',
          params: uuidParam,
          body: z.object({
            addressedTo: z.enum(['secretary_general', 'vice_mayor']),
            proposal: text(LIMITS.textMax, '协调建议'),
            suggestedLeadUnitId: uuid().optional(),
            suggestedAssistUnitIds: z.array(uuid()).max(20).optional(),
          }),
          response: { 201: coordinationCaseView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await draftCoordination(ctx, requireViewer(req), req.params.id, req.body)),
    );
    app.get(
      '/api/v1/coordination',
      {
        config: { capability: 'coordination.view' },
        schema: {
          tags: ['coordination'],
          summary: '协调事项（按起草时间倒序，可按状态筛选，分页）',
          querystring: z.object({ status: z.enum(['open', 'decided']).optional(), ...pageQuery }),
          response: { 200: coordinationList },
        },
      },
      async (req) => listCoordination(ctx, requireViewer(req), req.query),
    );
    app.post(
      '/api/v1/coordination/:id/decide',
      {
        config: { capability: 'coordination.decide' },
        schema: {
          tags: ['coordination'],
          summary: '市领导协调决定：明确主办、协办单位，按转办执行（R5.1）',
          params: uuidParam,
          body: z.object({
            leadUnitId: uuid({ message: '请指定主办单位' }),
            assistUnitIds: z.array(uuid()).max(20).default([]),
            note: z.string().trim().max(LIMITS.textMax).default(''),
          }),
          response: { 200: ticketView },
        },
      },
      async (req) => decideCoordination(ctx, requireViewer(req), req.params.id, req.body),
    );
  };
