/**
 * Attachments under their ticket. The upload is the raw file (`application/octet-stream`, its
 * name percent-encoded in `X-File-Name`), so no multipart parser is needed and the size cap is the body limit.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { uuidParam, uuid } from '../../shared/schemas/common.js';
import { ATTACHMENT_NAME_HEADER, attachmentView } from '../../shared/schemas/attachments.js';
import { sendDownload } from '../http/attachment.js';
import { AppError } from '../errors.js';
import { addAttachment, listAttachments, readAttachment } from './attachment.service.js';

export const attachmentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Scoped to this plugin: nowhere else accepts a body that is not JSON.
    app.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: ctx.config.attachments.maxBytes },
      (_req, body, done) => done(null, body),
    );

    app.post(
      '/api/v1/tickets/:id/attachments',
      {
        config: { access: 'ticket' },
        bodyLimit: ctx.config.attachments.maxBytes,
        schema: {
          tags: ['attachments'],
          summary:
            '上传附件（原始文件，Content-Type: application/octet-stream；文件名经百分号编码放在 X-File-Name）',
          params: uuidParam,
          response: { 201: attachmentView },
        },
      },
      async (req, reply) => {
        const viewer = requireViewer(req);
        if (!Buffer.isBuffer(req.body)) {
          throw new AppError(
            'REQUEST.UNSUPPORTED_MEDIA_TYPE',
            '上传附件须使用 Content-Type: application/octet-stream。',
          );
        }
        const name = req.headers[ATTACHMENT_NAME_HEADER];
        const view = await addAttachment(
          ctx,
          viewer,
          req.params.id,
          req.body,
          typeof name === 'string' ? name : undefined,
        );
        return reply.code(201).send(view);
      },
    );

    app.get(
      '/api/v1/tickets/:id/attachments',
      {
        config: { access: 'ticket' },
        schema: {
          tags: ['attachments'],
          summary: '诉求的附件列表',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(attachmentView) }) },
        },
      },
      async (req) => ({ items: await listAttachments(ctx, requireViewer(req), req.params.id) }),
    );

    app.get(
      '/api/v1/tickets/:id/attachments/:attachmentId',
      {
        config: { access: 'ticket' },
        schema: {
          tags: ['attachments'],
          summary: '下载附件（只给承办人员；以附件方式下载，不在浏览器中打开）',
          params: uuidParam.extend({ attachmentId: uuid({ message: '附件编号格式不正确' }) }),
        },
      },
      async (req, reply) => {
        const file = await readAttachment(ctx, requireViewer(req), req.params.id, req.params.attachmentId);
        return sendDownload(reply, file);
      },
    );
  };
