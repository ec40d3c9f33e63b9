import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actionBodies,
  createTicketBody,
  idempotencyKey,
  ticketEventView,
  ticketExportQuery,
  ticketListQuery,
  ticketListView,
  ticketView,
  type ActionName,
  type GeoFix,
} from '../../shared/schemas/tickets.js';
import { uuidParam } from '../../shared/schemas/common.js';
import type { TicketCommand } from '../../domain/ticket/ticket.machine.js';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { actOnce, getTicket, listTickets, registerTicket, ticketEvents } from './ticket.service.js';
import { exportTicketList } from './ticket.export.js';
import { sendDownload } from '../http/attachment.js';
import { AppError } from '../errors.js';

const ACTION_SUMMARY: Record<ActionName, string> = {
  dispatch: '转办（R4.2）：派给承办单位；紧急类同时抄送其上级单位（R4.2.1）',
  accept: '签收（R4.2.3）：明确具体负责人',
  return: '退单：退回市长电话室',
  'review-return': '审定退单：同意并改派，或不同意',
  'report-disposal': '紧急类处置情况直报（R4.3.1）',
  verify: '一般类 24 小时内核实（R4.3.2）',
  complete: '办结（R4.4）',
  plan: '暂不具备解决条件：解决方案与承诺办结时限（R4.4.3）',
  feedback: '结果反馈（R4.5）',
  revisit: '回访（R4.6）',
  supervise: '督办（R6.1）：发督办单，退回承办单位重办',
  'close-supervision': '督办办结（R6.1）',
  'sub-dispatch': '二级派单（R4.2.2）：转本单位下属单位办理，时限不重新计算',
  'request-assistance': '请求协助（R4.3.1）：由市长电话室快速协调',
  'add-assist': '增加协办单位（R4.3.1）',
  'track-contact': '紧急类跟踪回访（R4.6.1）',
  'explain-delay': '超期说明并承诺办结时限（R4.5）',
  reopen: '归档后问题复发，重新办理并转督办（R6.1）',
  answer:
    '直接答复：以已发布的知识库文章当场答复并办结（不派单、不计入承办单位考核）；回访不满意则转为普通诉求派单',
};

export const ticketRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/tickets',
      {
        config: { capability: 'ticket.register' },
        schema: {
          tags: ['tickets'],
          summary: '诉求登记（R4.1）；同一渠道同一编号只登记一次（R2.2）',
          body: createTicketBody,
          response: { 200: ticketView, 201: ticketView },
        },
      },
      async (req, reply) => {
        const { ticket, created } = await registerTicket(ctx, requireViewer(req), req.body);
        return reply.code(created ? 201 : 200).send(ticket);
      },
    );

    app.get(
      '/api/v1/tickets',
      {
        config: { access: 'session' },
        schema: {
          tags: ['tickets'],
          summary: '工单列表（按权限过滤，分页）',
          querystring: ticketListQuery,
          response: { 200: ticketListView },
        },
      },
      async (req) => listTickets(ctx, requireViewer(req), req.query),
    );

    app.get(
      '/api/v1/tickets/export.xlsx',
      {
        config: { access: 'session' },
        schema: {
          tags: ['tickets'],
          summary:
            '导出工单列表 Excel（与列表相同的筛选和权限；个人信息一律脱敏；最多 50,000 行，超出返回 413；记入审计日志，R9.1）',
          querystring: ticketExportQuery,
        },
      },
      async (req, reply) => sendDownload(reply, await exportTicketList(ctx, requireViewer(req), req.query)),
    );

    app.get(
      '/api/v1/tickets/:id',
      {
        config: { access: 'ticket' },
        schema: {
          tags: ['tickets'],
          summary: '工单详情（ETag 为工单版本号，操作时可作 If-Match 发回）',
          params: uuidParam,
          response: { 200: ticketView },
        },
      },
      async (req, reply) => {
        const ticket = await getTicket(ctx, requireViewer(req), req.params.id);
        void reply.header('ETag', `"${ticket.rev}"`);
        return ticket;
      },
    );

    app.get(
      '/api/v1/tickets/:id/events',
      {
        config: { access: 'ticket' },
        schema: {
          tags: ['tickets'],
          summary: '工单时间线',
          params: uuidParam,
          response: { 200: z.array(ticketEventView) },
        },
      },
      async (req) => ticketEvents(ctx, requireViewer(req), req.params.id),
    );

    for (const name of Object.keys(actionBodies) as ActionName[]) {
      app.post(
        `/api/v1/tickets/:id/${name}`,
        {
          config: { access: 'ticket' },
          schema: {
            tags: ['ticket actions'],
            summary: ACTION_SUMMARY[name],
            params: uuidParam,
            body: actionBodies[name],
            response: { 200: ticketView },
          },
        },
        async (req, reply) => {
          const viewer = requireViewer(req);
          const { location, ...body } = req.body as z.output<(typeof actionBodies)[typeof name]> & {
            location?: GeoFix;
          };
          const cmd = { type: name, ...body } as TicketCommand;
          const key = idempotencyKeyOf(req.headers['idempotency-key']);
          const { ticket, replayed } = await actOnce(ctx, viewer, req.params.id, cmd, {
            expectedRev: ifMatchRevision(req.headers['if-match']),
            // R4.3.1: where the on-site report was made, with the handler's consent, kept on the event only.
            ...(location ? { eventData: { location } } : {}),
            ...(key ? { idempotencyKey: key } : {}),
          });
          if (replayed) void reply.header('Idempotent-Replayed', 'true');
          return ticket;
        },
      );
    }
  };

/** The Idempotency-Key header of an action (none: every attempt is applied); a malformed one is a 400. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = idempotencyKey.safeParse(Array.isArray(header) ? header[0] : header);
  if (!parsed.success)
    throw new AppError('REQUEST.INVALID', 'Idempotency-Key 须为 8–100 个字母、数字、- 或 _。', {
      fields: [{ field: 'Idempotency-Key', message: '格式不正确' }],
    });
  return parsed.data;
}

/**
 * The revision a client saw, from `If-Match: "7"` (a weak `W/"7"` or a bare 7 is taken too); none means unchecked.
 * Anything else is a 400, not a silent skip: a client that meant to guard its write must learn it did not.
 */
export function ifMatchRevision(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(Array.isArray(header) ? (header[0] ?? '') : header);
  if (!m?.[1])
    throw new AppError('REQUEST.INVALID', 'If-Match 须为工单版本号，例如 "3"。', {
      fields: [{ field: 'If-Match', message: '须为工单版本号' }],
    });
  return Number(m[1]);
}
