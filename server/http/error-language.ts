/**
 * Error answers in the reader's language: Chinese by default, English when `Accept-Language` prefers it.
 * The messages are written in Chinese where they arise; this hook translates the finished error body, so every
 * route (and the schema validation) is covered in one place.
 */
import type { FastifyInstance } from 'fastify';
import { languageOf, localizeMessage } from '../../shared/messages-en.js';
import type { ErrorBody, FieldIssue } from '../../shared/errors.js';

export function installErrorLanguage(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    if (!String(reply.getHeader('content-type') ?? '').includes('application/json')) return payload;
    reply.header('Vary', 'Accept-Language');
    const lang = languageOf(req.headers['accept-language']);
    if (lang === 'zh') return payload;
    let parsed: ErrorBody;
    try {
      parsed = JSON.parse(payload) as ErrorBody;
    } catch {
      return payload;
    }
    const err = parsed.error as ErrorBody['error'] | undefined;
    if (!err || typeof err.message !== 'string') return payload;
    const details = err.details as { fields?: FieldIssue[] } | undefined;
    const fields = Array.isArray(details?.fields)
      ? details.fields.map((f) => ({ ...f, message: localizeMessage(f.message, 'en') }))
      : undefined;
    const first = fields?.[0];
    const message =
      err.code === 'REQUEST.INVALID' && first && /不合法：/.test(err.message)
        ? `The request is not valid: ${first.field} ${first.message}`
        : localizeMessage(err.message, 'en', err.code);
    return JSON.stringify({
      error: { ...err, message, ...(fields ? { details: { ...details, fields } } : {}) },
    });
  });
}
