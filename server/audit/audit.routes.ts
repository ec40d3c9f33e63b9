import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCapability } from '../auth/permissions.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { pageQuery, isoInstant } from '../../shared/schemas/common.js';
import { queryAudit, verifyChain } from './audit.service.js';
import { retentionStatus } from './audit.archive.js';

const auditView = z.object({
  id: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorUnitId: z.string().nullable(),
  action: z.string(),
  ticketId: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const requireAuditor = (req: Parameters<typeof requireViewer>[0]) => {
      const v = requireViewer(req);
      requireCapability(v, 'audit.view');
      return v;
    };
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
          response: { 200: z.object({ items: z.array(auditView), total: z.number() }) },
        },
      },
      async (req) => {
        requireAuditor(req);
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
          response: {
            200: z.object({
              records: z.number(),
              oldestAt: z.string().nullable(),
              anchors: z.array(
                z.object({
                  id: z.number(),
                  throughId: z.number(),
                  lastHash: z.string(),
                  records: z.number(),
                  fileSha256: z.string(),
                  archivedAt: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        requireAuditor(req);
        return retentionStatus(ctx.db);
      },
    );
    app.get(
      '/api/v1/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: '校验审计日志哈希链',
          response: {
            200: z.object({ ok: z.boolean(), checked: z.number(), brokenAt: z.number().nullable() }),
          },
        },
      },
      async (req) => {
        requireAuditor(req);
        return verifyChain(ctx.db);
      },
    );
  };
