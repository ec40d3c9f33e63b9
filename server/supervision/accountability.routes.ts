import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { sendDownload } from '../http/attachment.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { pageQuery, text, uuidParam, uuid } from '../../shared/schemas/common.js';
import { LIMITS } from '../../shared/limits.js';
import { proposalList, proposalView } from '../../shared/schemas/accountability.js';
import {
  draftProposal,
  editProposal,
  exportProposal,
  getProposal,
  listProposals,
} from './accountability.service.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const accountabilityRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/tickets/:id/accountability',
      {
        config: { capability: 'accountability.draft' },
        schema: {
          tags: ['supervision'],
          summary: '依据工单记录起草追究责任建议（R6.2）',
          params: uuidParam,
          response: { 201: proposalView },
        },
      },
      async (req, reply) => reply.code(201).send(await draftProposal(ctx, requireViewer(req), req.params.id)),
    );
    app.get(
      '/api/v1/accountability',
      {
        config: { capability: 'accountability.view' },
        schema: {
          tags: ['supervision'],
          summary: '追究责任建议列表（按起草时间倒序，可按工单、状态筛选，分页）',
          querystring: z.object({
            ticketId: uuid().optional(),
            status: z.enum(['draft', 'issued']).optional(),
            ...pageQuery,
          }),
          response: { 200: proposalList },
        },
      },
      async (req) => listProposals(ctx, requireViewer(req), req.query),
    );
    app.get(
      '/api/v1/accountability/:id',
      {
        config: { capability: 'accountability.view' },
        schema: {
          tags: ['supervision'],
          summary: '追究责任建议',
          params: uuidParam,
          response: { 200: proposalView },
        },
      },
      async (req) => getProposal(ctx, requireViewer(req), req.params.id),
    );
    app.put(
      '/api/v1/accountability/:id',
      {
        config: { capability: 'accountability.draft' },
        schema: {
          tags: ['supervision'],
          summary: '修改建议文本；issue=true 时签发（签发后不能再改）',
          params: uuidParam,
          body: z.object({ text: text(LIMITS.contentMax, '建议文本'), issue: z.boolean().default(false) }),
          response: { 200: proposalView },
        },
      },
      async (req) => editProposal(ctx, requireViewer(req), req.params.id, req.body.text, req.body.issue),
    );
    for (const format of ['docx', 'pdf'] as const) {
      app.get(
        `/api/v1/accountability/:id/proposal.${format}`,
        {
          config: { capability: 'accountability.view' },
          schema: { tags: ['supervision'], summary: `导出追究责任建议（.${format}）`, params: uuidParam },
        },
        async (req, reply) => {
          const body = await exportProposal(ctx, requireViewer(req), req.params.id, format);
          return sendDownload(reply, {
            body,
            filename: `accountability-${req.params.id}.${format}`,
            contentType: format === 'pdf' ? 'application/pdf' : DOCX_TYPE,
          });
        },
      );
    }
  };
