import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCapability } from '../auth/permissions.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { type Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { text, uuidParam, uuid } from '../../shared/schemas/common.js';
import { LIMITS } from '../../shared/limits.js';
import { groupMemberView, ticketView, unmergeBody } from '../../shared/schemas/tickets.js';
import { getTicket, ticketGroup, visibleTicket } from './ticket.service.js';
import * as repo from './ticket.repository.js';
import { findDuplicates, mergeTicket, unmergeTicket } from './duplicates.service.js';
import { duplicateView } from '../../shared/schemas/assist.js';

const requireOffice = (v: Viewer) => {
  requireCapability(v, 'duplicates.view');
};

export const duplicateRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/tickets/:id/duplicates',
      {
        config: { capability: 'duplicates.view' },
        schema: {
          tags: ['dispatch'],
          summary: '疑似重复诉求：同一诉求人 30 日内，或同一区域 7 日内内容相近',
          params: uuidParam,
          response: { 200: z.array(duplicateView) },
        },
      },
      async (req) => {
        const viewer = requireViewer(req);
        requireOffice(viewer);
        await visibleTicket(ctx, viewer, req.params.id);
        const row = await repo.findTicket(ctx.db, req.params.id);
        if (!row) throw new AppError('TICKET.NOT_FOUND', '工单不存在。');
        return findDuplicates(ctx, {
          id: row.id,
          phoneHash: row.complainantPhoneHash,
          district: row.locationDistrict,
          title: row.title,
          content: row.content,
        });
      },
    );
    app.post(
      '/api/v1/duplicate-check',
      {
        config: { capability: 'duplicates.view' },
        schema: {
          tags: ['dispatch'],
          summary: '登记时检查疑似重复（不保存任何内容）',
          body: z.object({
            title: z.string().trim().max(LIMITS.titleMax).default(''),
            content: text(LIMITS.contentMax, '诉求内容'),
            phone: z.string().trim().max(LIMITS.phoneMax).optional(),
            district: z.string().trim().max(50).optional(),
          }),
          response: { 200: z.array(duplicateView) },
        },
      },
      async (req) => {
        requireOffice(requireViewer(req));
        const district = req.body.district
          ? ((await ctx.reference.districtCode(req.body.district)) ?? null)
          : null;
        return findDuplicates(ctx, {
          phoneHash: req.body.phone ? ctx.cipher.phoneHash(req.body.phone) : null,
          district,
          title: req.body.title,
          content: req.body.content,
        });
      },
    );
    app.post(
      '/api/v1/tickets/:id/merge',
      {
        config: { capability: 'ticket.merge' },
        schema: {
          tags: ['dispatch'],
          summary: '将重复诉求并入主工单：随主工单办理，反馈到每位诉求人',
          params: uuidParam,
          body: z.object({ parentId: uuid({ message: '请指定主工单' }) }),
          response: { 200: ticketView },
        },
      },
      async (req) => {
        const viewer = requireViewer(req);
        await visibleTicket(ctx, viewer, req.params.id);
        await mergeTicket(ctx, viewer, req.params.id, req.body.parentId);
        return getTicket(ctx, viewer, req.params.id);
      },
    );
    app.post(
      '/api/v1/tickets/:id/unmerge',
      {
        config: { capability: 'ticket.merge' },
        schema: {
          tags: ['dispatch'],
          summary: '取消合并：重复诉求重新作为独立工单办理（市长电话室，记入审计日志）',
          params: uuidParam,
          body: unmergeBody,
          response: { 200: ticketView },
        },
      },
      async (req) => {
        const viewer = requireViewer(req);
        await visibleTicket(ctx, viewer, req.params.id);
        await unmergeTicket(ctx, viewer, req.params.id, req.body.reason);
        return getTicket(ctx, viewer, req.params.id);
      },
    );
    app.get(
      '/api/v1/tickets/:id/group',
      {
        config: { access: 'ticket' },
        schema: {
          tags: ['tickets'],
          summary: '合并的诉求组：主工单及并入的每位诉求人（各自的回访状态；个人信息按权限显示，R9.1）',
          params: uuidParam,
          response: { 200: z.array(groupMemberView) },
        },
      },
      async (req) => ticketGroup(ctx, requireViewer(req), req.params.id),
    );
  };
