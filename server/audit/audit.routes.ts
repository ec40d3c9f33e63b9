import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { auditList, auditRetention, auditVerifyResult } from '../../shared/schemas/audit.js';
import { pageQuery, isoInstant } from '../../shared/schemas/common.js';
import { queryAudit, verifyChain } from './audit.service.js';
import { retentionStatus } from './audit.archive.js';

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/audit',
      {
        schema: {
          tags: ['audit'],
          summary: '审计日志查询',
          querystring: z.object({
            action: z.string().max(100).optional(),
            userId: z.uuid().optional(),
            ticketId: z.uuid().optional(),
            from: isoInstant.optional(),
            to: isoInstant.optional(),
            ...pageQuery,
          }),
          response: { 200: auditList },
        },
        config: { capability: 'audit.view' },
      },
      async (req) => {
        const q = req.query;
        return queryAudit(ctx.db, {
          action: q.action,
          actorUserId: q.userId,
          ticketId: q.ticketId,
          from: q.from,
          to: q.to,
          page: q.page,
          pageSize: q.pageSize,
        });
      },
    );
    app.get(
      '/api/v1/audit/retention',
      {
        schema: {
          tags: ['audit'],
          summary: '审计日志保留情况：库内记录数、最早记录时间、已归档文件的锚点',
          response: { 200: auditRetention },
        },
        config: { capability: 'audit.view' },
      },
      async () => retentionStatus(ctx.db),
    );
    app.get(
      '/api/v1/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: '校验审计日志哈希链',
          response: { 200: auditVerifyResult },
        },
        config: { capability: 'audit.view' },
      },
      async () => verifyChain(ctx.db),
    );
  };
