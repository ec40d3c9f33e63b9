/**
 * The phone system's screen pop (来电弹屏): the phone system (API key with `cti.calls`) announces calls and sends
 * their recordings; the agent's page fetches the call it was told of. See docs/integrations.md.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { apiKeyAccess, PARTNER_KEY } from '../auth/permissions.js';
import { AppError } from '../errors.js';
import { attachmentView } from '../../shared/schemas/attachments.js';
import {
  callId,
  ctiCallAccepted,
  ctiCallBody,
  ctiCallView,
  ctiTranscriptBody,
} from '../../shared/schemas/cti.js';
import { announce, attachRecording, callForAgent } from './cti.service.js';

const callParams = z.object({ callId });

export const ctiRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Scoped to this plugin: the recording may come as a multipart upload; nowhere else takes multipart.
    await app.register(multipart, {
      limits: { fileSize: ctx.config.attachments.maxBytes, files: 1, fields: 5, parts: 6 },
    });

    app.post(
      '/api/v1/cti/calls',
      {
        config: apiKeyAccess('cti.calls'),
        schema: {
          tags: ['cti'],
          security: PARTNER_KEY,
          summary: '电话系统来电弹屏：通知坐席（话务员）的已打开页面，显示来电号码近 90 天的诉求并可一键登记',
          body: ctiCallBody,
          response: { 202: ctiCallAccepted },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await announce(ctx, req.apiKey as NonNullable<typeof req.apiKey>, req.body)),
    );

    app.get(
      '/api/v1/cti/calls/:callId',
      {
        config: { capability: 'ticket.register' },
        schema: {
          tags: ['cti'],
          summary: '坐席查看推送给自己的来电：号码、近 90 天的诉求、已由此来电登记的工单（查看留审计记录）',
          params: callParams,
          response: { 200: ctiCallView },
        },
      },
      async (req) => callForAgent(ctx, requireViewer(req), req.params.callId),
    );

    app.post(
      '/api/v1/cti/calls/:callId/recording',
      {
        config: apiKeyAccess('cti.calls'),
        bodyLimit: ctx.config.attachments.maxBytes + 64 * 1024,
        schema: {
          tags: ['cti'],
          security: PARTNER_KEY,
          summary:
            '来电录音或转写：multipart/form-data 的音频文件（字段 file），或 JSON {"transcript": "…"}；附加到由该来电登记的工单',
          params: callParams,
          response: { 201: attachmentView },
        },
      },
      async (req, reply) => {
        const key = req.apiKey as NonNullable<typeof req.apiKey>;
        let file: { content: Buffer; name: string | undefined } | { transcript: string };
        if (req.isMultipart()) {
          try {
            const part = await req.file();
            if (!part) throw new Error('no file');
            file = { content: await part.toBuffer(), name: part.filename || undefined };
          } catch (err) {
            if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
              throw new AppError('ATTACHMENT.TOO_LARGE', '录音文件过大。');
            throw new AppError('REQUEST.INVALID', '录音须为 multipart/form-data 中名为 file 的一个文件。', {
              fields: [{ field: 'file', message: '缺少录音文件' }],
            });
          }
        } else {
          const parsed = ctiTranscriptBody.safeParse(req.body);
          if (!parsed.success)
            throw new AppError(
              'REQUEST.INVALID',
              '请求内容不合法：transcript 须为非空文本（或上传录音文件）。',
              {
                fields: [{ field: 'transcript', message: '须为非空文本' }],
              },
            );
          file = { transcript: parsed.data.transcript };
        }
        return reply.code(201).send(await attachRecording(ctx, key, req.params.callId, file));
      },
    );
  };
