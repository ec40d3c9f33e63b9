/**
 * Builds the Fastify application: validation with zod, OpenAPI, sessions, routes by feature.
 */
import { attachmentRoutes } from './attachments/attachment.routes.js';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS } from '../shared/limits.js';
import type { AppContext } from './context.js';
import type { AdjustableClock, FixedClock } from './clock.js';
import { installErrorHandling } from './http/error-handler.js';
import { installInputGuard } from './http/input-guard.js';
import { installAuth } from './auth/auth.plugin.js';
import { installPermissions, recordRoutePolicies } from './auth/permissions.js';
import { authRoutes } from './auth/auth.routes.js';
import { ticketRoutes } from './tickets/ticket.routes.js';
import { referenceRoutes } from './reference/reference.routes.js';
import { testClockRoutes } from './http/test-clock.routes.js';
import { webRoutes } from './http/web.routes.js';
import { notificationRoutes } from './notifications/notification.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { policyRoutes } from './policy/policy.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { assessmentRoutes } from './assessment/assessment.routes.js';
import { requestOrigin } from './audit/audit.service.js';
import { publicRoutes } from './public/public.routes.js';
import { directoryRoutes } from './directory/directory.routes.js';
import { coordinationRoutes } from './coordination/coordination.routes.js';
import { suggestionRoutes } from './classify/suggestion.routes.js';
import { duplicateRoutes } from './tickets/duplicates.routes.js';
import { supervisionRoutes } from './supervision/supervision.routes.js';
import { accountabilityRoutes } from './supervision/accountability.routes.js';
import { rulesRoutes } from './directory/rules.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { knowledgeRoutes } from './knowledge/knowledge.routes.js';
import { templateRoutes } from './templates/template.routes.js';
import { smsRoutes } from './sms/sms.routes.js';
import { apiKeyRoutes } from './auth/api-keys.routes.js';
import { open311Routes } from './open311/open311.routes.js';
import { ctiRoutes } from './cti/cti.routes.js';
import { integrationRoutes } from './integrations/integration.routes.js';
import rateLimit from '@fastify/rate-limit';
import type { DestinationStream } from 'pino';
import { installRequestLog, loggerOptions } from './http/request-log.js';
import helmet from '@fastify/helmet';

z.config(z.locales.zhCN());

export interface BuildOptions {
  /** A movable clock exposes /api/v1/test-clock (JIESU_FAKE_TIME). */
  testClock?: AdjustableClock | FixedClock;
  /** Log at this level (LOG_LEVEL); none when absent. */
  logger?: boolean | { level: string };
  /** Where log lines go (stdout when absent); tests capture them here. */
  logStream?: DestinationStream;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const level = typeof options.logger === 'object' ? options.logger.level : options.logger ? 'info' : null;
  const app = Fastify({
    // Route patterns and request ids only — never URLs, parameters or bodies (server/http/request-log.ts).
    ...(level ? loggerOptions(level, options.logStream) : { logger: false }),
    bodyLimit: LIMITS.bodyLimitBytes,
    // Forwarded headers are believed only from the configured proxies; from anyone else they would let a
    // client pick its own address for rate limits and the audit log.
    trustProxy: ctx.config.trustedProxies.length > 0 ? ctx.config.trustedProxies : false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  recordRoutePolicies(app);
  installErrorHandling(app, ctx);
  installRequestLog(app);
  // The API speaks JSON only: anything else is 415.
  app.removeContentTypeParser('text/plain');
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Jiesu 接诉即办 API',
        description:
          '吉林市民生诉求接诉即办管理办法（吉市政办发〔2021〕19号）的工单平台接口。规则编号见 REQUIREMENTS.md。',
        version: '1.0.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'jiesu_session' },
          // Partners' systems (docs/integrations.md): Open311 also takes `api_key` in the query or the form.
          partnerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The API's documentation is public (it describes the contract, not data): every route of the UI plugin says so.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );

  // Every audit record of this request knows where it came from.
  app.addHook('onRequest', (req, _reply, done) => requestOrigin.run({ ip: req.ip }, done));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: ctx.config.tls ? [] : null,
      },
    },
    hsts: ctx.config.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  installAuth(app, ctx);
  installPermissions(app, ctx);
  // JSON bodies, query strings and path parameters with control characters, lone surrogates, bidi controls or
  // nesting beyond any contract: 400 before any handler (shared/text-guard.ts).
  installInputGuard(app);

  await app.register(authRoutes(ctx));
  await app.register(referenceRoutes(ctx));
  await app.register(ticketRoutes(ctx));
  if (options.testClock) await app.register(testClockRoutes(options.testClock, ctx.timers, ctx.db));
  await app.register(notificationRoutes(ctx));
  await app.register(calendarRoutes(ctx));
  await app.register(policyRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(assessmentRoutes(ctx));
  await app.register(publicRoutes(ctx));
  await app.register(directoryRoutes(ctx));
  await app.register(coordinationRoutes(ctx));
  await app.register(suggestionRoutes(ctx));
  await app.register(duplicateRoutes(ctx));
  await app.register(supervisionRoutes(ctx));
  await app.register(knowledgeRoutes(ctx));
  await app.register(templateRoutes(ctx));
  await app.register(accountabilityRoutes(ctx));
  await app.register(attachmentRoutes(ctx));
  await app.register(rulesRoutes(ctx));
  await app.register(statsRoutes(ctx));
  await app.register(smsRoutes(ctx));
  await app.register(apiKeyRoutes(ctx));
  await app.register(open311Routes(ctx));
  await app.register(ctiRoutes(ctx));
  await app.register(integrationRoutes(ctx));

  app.get('/api/health', { schema: { hide: true }, config: { access: 'public' } }, async () => ({
    ok: true,
    db: ctx.dbKind,
  }));
  await webRoutes(app, fileURLToPath(new URL('../web/dist', import.meta.url)));
  return app;
}
