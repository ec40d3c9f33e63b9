import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCapability } from '../auth/permissions.js';
import { z } from 'zod';
import { uuid } from '../../shared/schemas/common.js';
import { and, arrayContains, asc, eq, type SQL } from 'drizzle-orm';
import { categories, channels, districts, units, users } from '../db/schema.js';
import {
  categoryView,
  channelView,
  districtView,
  unitView,
  userListQuery,
} from '../../shared/schemas/reference.js';
import { userView } from '../../shared/schemas/auth.js';
import { internalDeadlinesBody } from '../../shared/schemas/policy.js';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { hasRole } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';

export const referenceRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/channels',
      {
        config: { access: 'session' },
        schema: { tags: ['reference'], summary: '受理渠道（R2.1）', response: { 200: z.array(channelView) } },
      },
      async (req) => {
        requireViewer(req);
        const rows = await ctx.db
          .select()
          .from(channels)
          .where(eq(channels.active, true))
          .orderBy(asc(channels.sort));
        return rows.map((c) => ({ ...c, isDefault: c.code === ctx.config.defaultChannel }));
      },
    );
    app.get(
      '/api/v1/categories',
      {
        config: { access: 'session' },
        schema: { tags: ['reference'], summary: '事项分类（R3）', response: { 200: z.array(categoryView) } },
      },
      async (req) => {
        requireViewer(req);
        const rows = await ctx.db
          .select()
          .from(categories)
          .where(eq(categories.active, true))
          .orderBy(asc(categories.code));
        return rows.map((r) => ({ ...r, defaultUrgency: r.defaultUrgency }));
      },
    );
    app.get(
      '/api/v1/districts',
      {
        config: { access: 'session' },
        schema: {
          tags: ['reference'],
          summary: '县（市）区与开发区',
          response: { 200: z.array(districtView) },
        },
      },
      async (req) => {
        requireViewer(req);
        return ctx.db.select().from(districts).orderBy(asc(districts.code));
      },
    );
    app.get(
      '/api/v1/units',
      {
        config: { access: 'session' },
        schema: { tags: ['reference'], summary: '单位（承办单位树）', response: { 200: z.array(unitView) } },
      },
      async (req) => {
        requireViewer(req);
        const rows = await ctx.db.select().from(units).orderBy(asc(units.code));
        return rows.map((u) => ({
          ...u,
          type: u.type,
          peerGroup: u.peerGroup,
        }));
      },
    );
    app.put(
      '/api/v1/units/:id/internal-deadlines',
      {
        config: { capability: 'unit.internal-deadline' },
        schema: {
          tags: ['reference'],
          summary: '本单位内部办理时限（R10.1）：只能比全市时限更严',
          params: z.object({ id: uuid() }),
          body: internalDeadlinesBody,
          response: { 200: internalDeadlinesBody },
        },
      },
      async (req) => {
        const viewer = requireViewer(req);
        // R10.1: a unit leader sets it for their own unit only.
        requireCapability(
          viewer,
          'unit.internal-deadline',
          hasRole(viewer, 'admin') || viewer.unitId === req.params.id,
        );
        const policy = (await ctx.policy.inForce(ctx.clock.now())).data;
        const { urgentHours, generalWorkingDays } = req.body;
        const fields = [];
        if (urgentHours && urgentHours >= policy.urgentCompleteHours) {
          fields.push({ field: 'urgentHours', message: `须少于全市时限 ${policy.urgentCompleteHours} 小时` });
        }
        if (generalWorkingDays && generalWorkingDays >= policy.generalCompleteWorkingDays) {
          fields.push({
            field: 'generalWorkingDays',
            message: `须少于全市时限 ${policy.generalCompleteWorkingDays} 个工作日`,
          });
        }
        if (fields.length)
          throw new AppError('REQUEST.INVALID', '内部时限只能比全市时限更严（R10.1）。', { fields });
        const [updated] = await ctx.db
          .update(units)
          .set({ internalDeadlines: req.body })
          .where(eq(units.id, req.params.id))
          .returning({ rules: units.internalDeadlines });
        if (!updated)
          throw new AppError('UNIT.NOT_FOUND', '单位不存在。', {
            fields: [{ field: 'id', message: '单位不存在' }],
          });
        ctx.reference.invalidate();
        await audit(ctx.db, {
          at: ctx.clock.now(),
          actor: viewer,
          action: 'unit.internal-deadlines',
          target: req.params.id,
          outcome: 'success',
          details: req.body,
        });
        return updated.rules;
      },
    );

    app.get(
      '/api/v1/users',
      {
        config: { capability: 'users.view' },
        schema: {
          tags: ['reference'],
          summary: '用户（管理员与市长电话室）',
          querystring: userListQuery,
          response: { 200: z.array(userView) },
        },
      },
      async (req) => {
        const viewer = requireViewer(req);
        // The auditor needs the names to read the audit log by user.
        requireCapability(viewer, 'users.view');
        const where: SQL[] = [eq(users.active, true)];
        if (req.query.unitId) where.push(eq(users.unitId, req.query.unitId));
        if (req.query.role) where.push(arrayContains(users.roles, [req.query.role]));
        const rows = await ctx.db
          .select({
            id: users.id,
            username: users.username,
            displayName: users.displayName,
            roles: users.roles,
            unitId: users.unitId,
          })
          .from(users)
          .where(and(...where))
          .orderBy(asc(users.username));
        return rows.map((u) => ({ ...u, roles: u.roles }));
      },
    );
  };
