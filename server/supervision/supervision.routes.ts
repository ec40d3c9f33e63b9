/**
 * The supervision office's view (R6.1): cases by age and level — how many notices, how long open — and
 * opening a case by hand.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { hasRole, isOffice } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { queryRows } from '../db/client.js';
import { supervisionCases } from '../db/schema.js';
import { text, uuidParam } from '../../shared/schemas/common.js';
import { LIMITS } from '../../shared/limits.js';
import { getTicket } from '../tickets/ticket.service.js';

const caseView = z.object({
  id: z.string(),
  ticketId: z.string(),
  ticketCode: z.string(),
  ticketTitle: z.string(),
  ticketStatus: z.string(),
  leadUnitId: z.string().nullable(),
  reason: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  decision: z.string().nullable(),
  /** Supervision notices issued since the case opened: the escalation level. */
  notices: z.number(),
  /** How many cases this ticket has had (times supervised). */
  timesSupervised: z.number(),
  openSeconds: z.number(),
});

export const supervisionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/supervision/cases',
      {
        schema: {
          tags: ['supervision'],
          summary: '督办事项：按时长和督办次数（R6.1）',
          querystring: z.object({
            open: z.enum(['true', 'false']).default('true'),
            ticketId: z.uuid().optional(),
          }),
          response: { 200: z.array(caseView) },
        },
      },
      async (req) => {
        const v = requireViewer(req);
        if (!hasRole(v, 'supervisor', 'leader') && !isOffice(v))
          throw new AppError('AUTH.FORBIDDEN', '无权查看督办事项。');
        const now = ctx.clock.now();
        const rows = await queryRows<Record<string, unknown>>(
          ctx.db,
          sql`SELECT c.id, c.ticket_id, t.code, t.title, t.status, t.lead_unit_id, c.reason, c.opened_at, c.closed_at, c.decision,
                (SELECT count(*)::int FROM ticket_events e WHERE e.ticket_id = c.ticket_id AND e.action = 'supervise' AND e.at >= c.opened_at) AS notices,
                (SELECT count(*)::int FROM supervision_cases c2 WHERE c2.ticket_id = c.ticket_id) AS times
              FROM supervision_cases c JOIN tickets t ON t.id = c.ticket_id
              WHERE ${req.query.open === 'true' ? sql`c.closed_at IS NULL` : sql`TRUE`}
                ${req.query.ticketId ? sql`AND c.ticket_id = ${req.query.ticketId}` : sql``}
              ORDER BY c.opened_at ASC LIMIT 500`,
        );
        return rows.map((r) => {
          const opened = new Date(r.opened_at as string);
          const closed = r.closed_at ? new Date(r.closed_at as string) : null;
          return {
            id: String(r.id),
            ticketId: String(r.ticket_id),
            ticketCode: String(r.code),
            ticketTitle: String(r.title),
            ticketStatus: String(r.status),
            leadUnitId: (r.lead_unit_id as string | null) ?? null,
            reason: String(r.reason),
            openedAt: opened.toISOString(),
            closedAt: closed?.toISOString() ?? null,
            decision: (r.decision as string | null) ?? null,
            notices: Number(r.notices),
            timesSupervised: Number(r.times),
            openSeconds: Math.floor(((closed ?? now).getTime() - opened.getTime()) / 1000),
          };
        });
      },
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
      },
      async (req, reply) => {
        const v = requireViewer(req);
        if (!hasRole(v, 'supervisor')) throw new AppError('AUTH.FORBIDDEN', '只有市政府督查室可以立案督办。');
        const ticket = await getTicket(ctx, v, req.params.id);
        const [c] = await ctx.db
          .insert(supervisionCases)
          .values({
            ticketId: ticket.id,
            reason: 'manual',
            openedAt: ctx.clock.now(),
            openedBy: v.userId,
            data: { note: req.body.reason, unitId: ticket.leadUnitId },
          })
          .returning({ id: supervisionCases.id });
        return reply.code(201).send({ id: String(c?.id) });
      },
    );
  };
