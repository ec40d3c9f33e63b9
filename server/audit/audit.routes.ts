import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  auditList,
  auditRetention,
  auditTicketRecord,
  auditVerifyResult,
} from '../../shared/schemas/audit.js';
import { pageQuery, isoInstant, uuidParam, uuid } from '../../shared/schemas/common.js';
import { audit, queryAudit, verifyChain } from './audit.service.js';
import { codesOf, eventsOf, findTicket, findTicketByCode } from '../tickets/ticket.repository.js';
import { notFound } from '../errors.js';
import { requireViewer } from '../auth/auth.plugin.js';
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
            userId: uuid().optional(),
            ticketId: uuid().optional(),
            /** The ticket's code, as people know it (J + digits). */
            ticketCode: z.string().trim().max(30).optional(),
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
        let ticketId = q.ticketId;
        if (q.ticketCode) {
          const hit = await findTicketByCode(ctx.db, q.ticketCode.toUpperCase());
          if (!hit) return { items: [], total: 0 };
          ticketId = hit.id;
        }
        const found = await queryAudit(ctx.db, {
          action: q.action,
          actorUserId: q.userId,
          ticketId,
          from: q.from,
          to: q.to,
          page: q.page,
          pageSize: q.pageSize,
        });
        // The ticket's code, which people read and search by, instead of its internal id.
        const ids = [...new Set(found.items.flatMap((r) => (r.ticketId ? [r.ticketId] : [])))];
        const codes = await codesOf(ctx.db, ids);
        return {
          ...found,
          items: found.items.map((r) => ({
            ...r,
            ticketCode: r.ticketId ? (codes.get(r.ticketId) ?? null) : null,
          })),
        };
      },
    );
    app.get(
      '/api/v1/audit/tickets/:id/record',
      {
        schema: {
          tags: ['audit'],
          summary: '工单的审计记录：编号、状态与办理过程（不含个人信息和文字内容）',
          params: uuidParam,
          response: { 200: auditTicketRecord },
        },
        config: { capability: 'audit.ticket-record' },
      },
      async (req) => {
        const viewer = requireViewer(req);
        const row = await findTicket(ctx.db, req.params.id);
        if (!row) throw notFound();
        const events = await eventsOf(ctx.db, row.id);
        await audit(ctx.db, {
          at: ctx.clock.now(),
          actor: viewer,
          action: 'audit.ticket-record.view',
          target: row.code,
          ticketId: row.id,
          outcome: 'success',
        });
        return {
          id: row.id,
          code: row.code,
          status: row.status,
          urgency: row.urgency,
          channel: row.channel,
          categoryCode: row.categoryCode,
          registeredAt: row.registeredAt.toISOString(),
          events: events.map((e) => ({
            at: e.at.toISOString(),
            action: e.action,
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            actorRole: e.actorRole,
            actorUnitId: e.actorUnitId,
          })),
        };
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
