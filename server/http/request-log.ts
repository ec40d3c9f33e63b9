/**
 * What the logs may hold (GB/T 35273 §7; GB/T 22239 8.1.4.3; ASVS V7.1.1, V8.3.5): one line per request with
 * a random request id, the method, the route pattern that ran (`/api/v1/tickets/:id`, never the URL as sent:
 * no query string — `?q=<phone>` —, no parameters — `/rating/<token>` —, no body), the status and the time.
 * Errors are logged with their SQL but never the query's parameters, nor a database message that quotes
 * a value (titles, contents, search terms, names). Fastify's own request logging, which logs the URL, is off.
 */
import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/** The route that ran, or a fixed word when none matched — never the path as sent. */
export const routeOf = (req: { routeOptions?: { url?: string } }): string =>
  req.routeOptions?.url ?? '(no route)';

/** Keys of an error object that hold values a query was run with, or that the database quotes. */
const VALUE_KEYS = new Set(['params', 'parameters', 'detail', 'where', 'hint', 'internalQuery', 'query']);

/**
 * An error for the log: type, code, message and stack without parameters. A failed drizzle query's message
 * is "Failed query: <sql>\nparams: <values>": the values are cut; a PostgreSQL message quoting the input
 * ('invalid input syntax for type uuid: "…"') keeps its words without the quoted value.
 */
export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: typeof err === 'string' ? redact(err) : String(typeof err) };
  const e = err as Error & { code?: unknown; query?: unknown; cause?: unknown; statusCode?: unknown };
  const message = redact(e.message);
  const out: Record<string, unknown> = { type: e.name, message };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (typeof e.query === 'string') out.sql = e.query;
  if (e.stack) {
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = [`${e.name}: ${message}`, ...frames].join('\n');
  }
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  for (const k of Object.keys(e)) if (VALUE_KEYS.has(k)) out[`${k}Omitted`] = true;
  return out;
}

/** `safeError` in the shape Fastify's logger types ask for. */
const safeErrorLine = (err: Error) => {
  const e = safeError(err);
  return {
    ...e,
    type: String(e.type ?? 'Error'),
    message: String(e.message ?? ''),
    stack: String(e.stack ?? ''),
  };
};

/** Cuts a drizzle message's parameter list and any quoted literal a database message repeats. */
function redact(message: string): string {
  return message
    .replace(/\nparams:[\s\S]*$/, '')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (q) => (/^["'][\w.]*["']$/.test(q) ? q : '"…"'));
}

/** The logger options of the application: serializers that never show a URL, a body or parameters. */
export function loggerOptions(
  level: string,
  stream?: DestinationStream,
): Pick<FastifyServerOptions, 'logger' | 'disableRequestLogging' | 'genReqId' | 'requestIdHeader'> {
  return {
    logger: {
      level,
      ...(stream ? { stream } : {}),
      serializers: {
        req: (req: { method?: string; routeOptions?: { url?: string } }) => ({
          method: req.method,
          route: routeOf(req),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error) => safeErrorLine(err),
        error: (err: Error) => safeErrorLine(err),
      },
    },
    disableRequestLogging: true,
    // A random id of our own: a client-sent id would let a caller write into the log.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
  };
}

/** One line per finished request: id, method, route pattern, status, milliseconds. */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        route: routeOf(req),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });
}
