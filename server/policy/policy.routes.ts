import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCapability } from '../auth/permissions.js';
import { z } from 'zod';
import { asc } from 'drizzle-orm';
import { policyVersions } from '../db/schema.js';
import { createPolicyBody, policyData, policyVersionView } from '../../shared/schemas/policy.js';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';

export const policyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/policies',
      {
        config: { capability: 'policy.view' },
        schema: {
          tags: ['policy'],
          summary: '政策版本（R11.1）',
          response: { 200: z.array(policyVersionView) },
        },
      },
      async (req) => {
        const v = requireViewer(req);
        requireCapability(v, 'policy.view');
        const rows = await ctx.db.select().from(policyVersions).orderBy(asc(policyVersions.version));
        return rows.map((r) => ({
          version: r.version,
          effectiveFrom: r.effectiveFrom.toISOString(),
          data: r.data,
          note: r.note,
          createdAt: r.createdAt.toISOString(),
        }));
      },
    );
    app.post(
      '/api/v1/policies',
      {
        schema: {
          tags: ['policy'],
          summary: '修订政策：新建版本，只影响此后登记的工单（R11.1）',
          body: createPolicyBody,
          response: { 201: policyVersionView },
        },
        config: { capability: 'policy.edit' },
      },
      async (req, reply) => {
        const v = requireViewer(req);
        const now = ctx.clock.now();
        const current = await ctx.policy.inForce(now);
        const merged = policyData.safeParse({ ...current.data, ...req.body.changes });
        if (!merged.success) {
          throw new AppError('REQUEST.INVALID', '修订后的政策不合法。', {
            fields: merged.error.issues.map((i) => ({
              field: `changes.${i.path.join('.')}`,
              message: i.message,
            })),
          });
        }
        const effectiveFrom = req.body.effectiveFrom ?? now;
        if (effectiveFrom.getTime() < now.getTime() - 60_000) {
          throw new AppError('REQUEST.INVALID', '生效时间不能早于当前时间：政策修订不溯及既往。', {
            fields: [{ field: 'effectiveFrom', message: '不能早于当前时间' }],
          });
        }
        const created = await ctx.policy.create(merged.data, effectiveFrom, req.body.note, v.userId, now);
        await audit(ctx.db, {
          at: now,
          actor: v,
          action: 'policy.create',
          target: String(created.version),
          outcome: 'success',
          details: {
            changes: req.body.changes,
            effectiveFrom: effectiveFrom.toISOString(),
            note: req.body.note,
          },
        });
        return reply.code(201).send({
          version: created.version,
          effectiveFrom: created.effectiveFrom.toISOString(),
          data: created.data,
          note: req.body.note,
          createdAt: now.toISOString(),
        });
      },
    );
  };
