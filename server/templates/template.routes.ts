/** Reply templates (文本模板): list, create, edit or retire, fill for a ticket. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import {
  filledTemplateView,
  fillTemplateBody,
  templateBody,
  templateQuery,
  templateView,
} from '../../shared/schemas/knowledge.js';
import { fillForTicket, listTemplates, saveTemplate } from './template.service.js';

const idParam = z.object({ id: z.uuid({ message: '模板编号不正确' }) });

export const templateRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/templates',
      {
        config: { capability: 'templates.use' },
        schema: {
          tags: ['templates'],
          summary: '文本模板（全局及本单位），可按用途筛选',
          querystring: templateQuery,
          response: { 200: z.array(templateView) },
        },
      },
      async (req) => listTemplates(ctx, requireViewer(req), req.query),
    );
    app.post(
      '/api/v1/templates',
      {
        config: { capability: 'templates.manage' },
        schema: {
          tags: ['templates'],
          summary: '新建文本模板（市长电话室：全局；单位领导：本单位）',
          body: templateBody,
          response: { 201: templateView },
        },
      },
      async (req, reply) => reply.code(201).send(await saveTemplate(ctx, requireViewer(req), req.body)),
    );
    app.put(
      '/api/v1/templates/:id',
      {
        config: { capability: 'templates.manage' },
        schema: {
          tags: ['templates'],
          summary: '修改或停用文本模板',
          params: idParam,
          body: templateBody,
          response: { 200: templateView },
        },
      },
      async (req) => saveTemplate(ctx, requireViewer(req), req.body, req.params.id),
    );
    app.post(
      '/api/v1/templates/:id/fill',
      {
        config: { capability: 'templates.use' },
        schema: {
          tags: ['templates'],
          summary: '按工单填充模板变量（计入使用次数）；发送前可修改',
          params: idParam,
          body: fillTemplateBody,
          response: { 200: filledTemplateView },
        },
      },
      async (req) => fillForTicket(ctx, requireViewer(req), req.params.id, req.body.ticketId),
    );
  };
