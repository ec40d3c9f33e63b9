/**
 * The supervision office's view (R6.1): cases by age and level — how many notices, how long open — and
 * opening a case by hand.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { text, uuidParam } from '../../shared/schemas/common.js';
import { LIMITS } from '../../shared/limits.js';
import { visibleTicket } from '../tickets/ticket.service.js';
import { caseList, caseListQuery } from '../../shared/schemas/supervision.js';
import { listCases } from './supervision.service.js';
import { insertCase } from './supervision.repository.js';

export const supervisionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/supervision/cases',
      {
        config: { capability: 'supervision.view' },
        schema: {
          tags: ['supervision'],
          summary: '督办事项：按时长和督办次数，可筛选、排序、分页（R6.1）',
          querystring: caseListQuery,
          response: { 200: caseList },
        },
      },
      async (req) => listCases(ctx, requireViewer(req), req.query),
    );
    app.post(
      '/api/v1/tickets/:id/supervision',
      {
        schema: {
          tags: ['supervision'],
          summary: '督查室主动立案督办（R6.1）',
          params: uuidParam,
          body: z.object({ reason: text(LIMITS.reasonMax, '督办理由') }),
          response: { 201: z.object({ id: z.string() }) },
        },
        config: { capability: 'supervision.open' },
      },
      async (req, reply) => {
        const v = requireViewer(req);
        const { row: ticket } = await visibleTicket(ctx, v, req.params.id);
        const id = await insertCase(ctx.db, {
          ticketId: ticket.id,
          reason: 'manual',
          openedAt: ctx.clock.now(),
          openedBy: v.userId,
          data: { note: req.body.reason, unitId: ticket.leadUnitId },
        });
        return reply.code(201).send({ id: String(id) });
      },
    );
  };
