import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCapability } from '../auth/permissions.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { type Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { uuidParam, text } from '../../shared/schemas/common.js';
import { LIMITS } from '../../shared/limits.js';
import { visibleTicket } from '../tickets/ticket.service.js';
import * as repo from '../tickets/ticket.repository.js';
import { suggestionsView } from '../../shared/schemas/assist.js';

const requireOffice = (v: Viewer) => {
  requireCapability(v, 'suggestions.use');
};

export const suggestionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/tickets/:id/dispatch-suggestions',
      {
        config: { capability: 'suggestions.use' },
        schema: {
          tags: ['dispatch'],
          summary: '派单建议：分类、紧急程度和前三个承办单位及理由（派单目录 + 历史工单）',
          params: uuidParam,
          response: { 200: suggestionsView },
        },
      },
      async (req) => {
        const viewer = requireViewer(req);
        requireOffice(viewer);
        await visibleTicket(ctx, viewer, req.params.id);
        const row = await repo.findTicket(ctx.db, req.params.id);
        if (!row) throw new AppError('TICKET.NOT_FOUND', '工单不存在。');
        const s = await ctx.suggestions.suggest(row);
        // Kept, so that the unit chosen in this dialog is set against what it showed (R4.2).
        if (row.status === 'registered' || row.status === 'returned')
          await ctx.suggestions.store(row.id, 'dialog', s);
        return s;
      },
    );
    app.post(
      '/api/v1/suggestions',
      {
        config: { capability: 'suggestions.use' },
        schema: {
          tags: ['dispatch'],
          summary: '登记时边输入边建议分类、紧急程度和承办单位',
          body: z.object({
            title: z.string().trim().max(LIMITS.titleMax).default(''),
            content: text(LIMITS.contentMax, '诉求内容'),
            categoryCode: z.string().max(50).optional(),
            district: z.string().max(50).optional(),
          }),
          response: { 200: suggestionsView },
        },
      },
      async (req) => {
        requireOffice(requireViewer(req));
        const district = req.body.district
          ? ((await ctx.reference.districtCode(req.body.district)) ?? null)
          : null;
        return ctx.suggestions.suggest({
          title: req.body.title,
          content: req.body.content,
          categoryCode: req.body.categoryCode ?? null,
          locationDistrict: district,
        });
      },
    );
    app.post(
      '/api/v1/classifier/train',
      {
        schema: {
          tags: ['dispatch'],
          summary: '立即用历史工单重新训练建议模型',
          response: { 200: z.object({ category: z.number(), unit: z.number() }) },
        },
        config: { capability: 'classifier.train' },
      },
      async () => ctx.suggestions.train(),
    );
  };
