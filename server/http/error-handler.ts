/**
 * One JSON error shape for every failure: {error:{code, message, details?}}.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import type { AppContext } from '../context.js';
import { audit } from '../audit/audit.service.js';
import type { ErrorBody, FieldIssue } from '../../shared/errors.js';
import { installErrorLanguage } from './error-language.js';

export function installErrorHandling(app: FastifyInstance, ctx: AppContext): void {
  installErrorLanguage(app);
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (err.code === 'AUTH.FORBIDDEN') {
        // Failed authorisation is audited.
        await audit(ctx.db, {
          at: ctx.clock.now(),
          actor: req.viewer,
          action: 'authorization.denied',
          target: `${req.method} ${req.routeOptions.url ?? ''}`,
          ticketId: (req.params as { id?: string } | undefined)?.id ?? null,
          outcome: 'denied',
        }).catch((e: unknown) => req.log.error({ err: e }, 'audit failed'));
      }
      return reply.code(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: FieldIssue[] = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || err.validationContext || 'body',
        message: v.message ?? '不合法',
      }));
      const where = { body: '请求内容', querystring: '查询参数', params: '路径参数', headers: '请求头' }[
        err.validationContext ?? 'body'
      ];
      const first = fields[0];
      return reply
        .code(400)
        .send(
          body(
            'REQUEST.INVALID',
            `${where ?? '请求'}不合法：${first ? `${first.field} ${first.message}` : ''}`.trim(),
            { in: err.validationContext, fields },
          ),
        );
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response does not match its schema');
      return reply.code(500).send(body('INTERNAL', '服务器内部错误，请稍后再试。'));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(body('REQUEST.TOO_LARGE', '请求内容过大。'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .code(415)
          .send(body('REQUEST.UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请使用 application/json。'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(body('REQUEST.MALFORMED_JSON', '请求内容不是合法的 JSON。'));
      case 'FST_ERR_RATE_LIMIT_EXCEEDED':
        return reply.code(429).send(body('REQUEST.RATE_LIMITED', '请求过于频繁，请稍后再试。'));
      default:
        break;
    }
    if (err.statusCode === 429) {
      // @fastify/rate-limit throws a plain 429 without our code; the wait is in its Retry-After header.
      const wait = Number(reply.getHeader('retry-after'));
      const when = Number.isFinite(wait) && wait > 0 ? `请 ${Math.ceil(wait)} 秒后再试。` : '请稍后再试。';
      return reply.code(429).send(body('REQUEST.RATE_LIMITED', `请求过于频繁，${when}`));
    }
    if (err instanceof SyntaxError && err.statusCode === 400) {
      return reply.code(400).send(body('REQUEST.MALFORMED_JSON', '请求内容不是合法的 JSON。'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send(body('REQUEST.INVALID', err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('INTERNAL', '服务器内部错误，请稍后再试。'));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(body('NOT_FOUND', `没有这个地址：${req.method} ${req.url.split('?')[0]}`));
  });
}

export const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});
