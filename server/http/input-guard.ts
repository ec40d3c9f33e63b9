/**
 * Odd input refused at the door, for every route alike (GB/T 22239-2019 8.1.4.4; OWASP ASVS 4.0 V5.1.3, V5.1.4):
 * control characters, lone surrogates and bidi controls in any JSON string, key, query parameter or path
 * parameter (shared/text-guard.ts), and JSON nested deeper than any contract of the API. The answer is 400
 * REQUEST.INVALID naming the field, before any handler runs — so nothing changes and PostgreSQL never sees a value
 * it would fail on.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { TEXT_PROBLEM_ZH, textProblem, type TextProblem } from '../../shared/text-guard.js';

/** No contract of the API nests deeper than a handful of levels; 32 leaves room and stops stack-eating bodies. */
export const JSON_DEPTH_MAX = 32;

type Found = { field: string; problem: TextProblem | 'depth' } | null;

/** The first refused string (or a nesting too deep) in a parsed JSON value, walked without recursion. */
export function findOddJson(value: unknown): Found {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { field: path || 'body', problem };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= JSON_DEPTH_MAX) return { field: path || 'body', problem: 'depth' };
    if (Array.isArray(v)) {
      v.forEach((item, i) =>
        stack.push({ v: item, path: path ? `${path}.${i}` : String(i), depth: depth + 1 }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      const problem = textProblem(key, true);
      if (problem) return { field: path || 'body', problem };
      stack.push({ v: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

/** 400 REQUEST.INVALID for a refused value, naming where it was. */
export function oddInputError(where: 'body' | 'querystring' | 'params', found: NonNullable<Found>): AppError {
  const place = { body: '请求内容', querystring: '查询参数', params: '路径参数' }[where];
  const message =
    found.problem === 'depth' ? `嵌套不能超过 ${JSON_DEPTH_MAX} 层` : TEXT_PROBLEM_ZH[found.problem];
  return new AppError('REQUEST.INVALID', `${place}不合法：${found.field} ${message}`, {
    in: where,
    fields: [{ field: found.field, message }],
  });
}

/** Query and path parameters: one-line values, so tabs and line breaks are refused too. */
function checkParameters(req: FastifyRequest): void {
  for (const where of ['querystring', 'params'] as const) {
    const values = (where === 'params' ? req.params : req.query) as Record<string, unknown> | undefined;
    if (!values || typeof values !== 'object') continue;
    for (const [key, raw] of Object.entries(values)) {
      for (const v of [key, ...[raw].flat()]) {
        if (typeof v !== 'string') continue;
        const problem = textProblem(v, true);
        if (problem) throw oddInputError(where, { field: key, problem });
      }
    }
  }
}

/**
 * Installs the JSON parser (Fastify's own, with its prototype-poisoning guards, followed by the walk above) and the
 * parameter check. Call after the permission hook: a caller without the right learns nothing about its input.
 */
export function installInputGuard(app: FastifyInstance): void {
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    void defaultJson(req, typeof body === 'string' ? body : body.toString('utf8'), (err, parsed) => {
      if (err) return done(err, undefined);
      const found = findOddJson(parsed);
      if (found) return done(oddInputError('body', found), undefined);
      done(null, parsed);
    });
  });
  app.addHook('onRequest', async (req) => checkParameters(req));
}
