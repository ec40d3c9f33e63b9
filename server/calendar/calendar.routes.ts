import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCapability } from '../auth/permissions.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { AppError } from '../errors.js';
import { importYear, setDay } from './calendar-admin.service.js';
import { hoursDeadline, workingDaysDeadline } from '../../domain/calendar/deadline.js';
import { shanghaiDate } from '../../domain/calendar/working-calendar.js';
import { isoDay, isoInstant } from '../../shared/schemas/common.js';
import { calendarStatus, calendarYearDays } from '../../shared/schemas/calendar.js';
import { calendarDays, calendarYears } from '../db/schema.js';
import { and, asc, eq, gte, lte } from 'drizzle-orm';

const deadlineQuery = z.object({
  from: isoInstant,
  workingDays: z.coerce.number().int().min(0).max(366).optional(),
  hours: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .optional(),
});

const requireAdmin = (req: Parameters<typeof requireViewer>[0]) => {
  const v = requireViewer(req);
  requireCapability(v, 'calendar.manage');
  return v;
};

export const calendarRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/calendar/deadline',
      {
        config: { access: 'session' },
        schema: {
          tags: ['calendar'],
          summary: '办理时限预览：N 个工作日（至第 N 个工作日 24:00）或 N 小时',
          querystring: deadlineQuery,
          response: { 200: z.object({ dueAt: z.string(), provisionalCalendar: z.boolean() }) },
        },
      },
      async (req) => {
        requireViewer(req);
        const { from, workingDays, hours } = req.query;
        if ((workingDays === undefined) === (hours === undefined)) {
          throw new AppError('REQUEST.INVALID', '请在 workingDays 与 hours 中二选一。', {
            fields: [{ field: 'workingDays', message: '与 hours 二选一' }],
          });
        }
        const r =
          workingDays !== undefined
            ? workingDaysDeadline(await ctx.calendar.calendar(), from, workingDays)
            : hoursDeadline(from, hours as number);
        return { dueAt: r.dueAt.toISOString(), provisionalCalendar: r.provisionalCalendar };
      },
    );

    app.post(
      '/api/v1/calendar/years/:year/import',
      {
        config: { capability: 'calendar.manage' },
        schema: {
          tags: ['calendar'],
          summary: '导入一年的工作日历（JSON、CSV 或 ICS），并重算临时期限',
          params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
          body: z.object({ format: z.enum(['json', 'csv', 'ics']), content: z.string().min(1).max(200_000) }),
          response: { 200: z.object({ year: z.number(), days: z.number(), recomputedTickets: z.number() }) },
        },
      },
      async (req) => importYear(ctx, requireAdmin(req), req.params.year, req.body.format, req.body.content),
    );

    app.get(
      '/api/v1/calendar/years/:year/days',
      {
        config: { capability: 'calendar.manage' },
        schema: {
          tags: ['calendar'],
          summary: '某一年已载入的节假日与调休上班日（其余日期按周一至周五）',
          params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
          response: { 200: calendarYearDays },
        },
      },
      async (req) => {
        requireAdmin(req);
        const { year } = req.params;
        const [loaded] = await ctx.db.select().from(calendarYears).where(eq(calendarYears.year, year));
        const days = await ctx.db
          .select()
          .from(calendarDays)
          .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
          .orderBy(asc(calendarDays.date));
        return {
          year,
          loaded: loaded !== undefined,
          source: loaded?.source ?? null,
          days: days.map((d) => ({
            date: d.date,
            kind: d.kind === 'workday' ? ('workday' as const) : ('holiday' as const),
            name: d.name,
            source: d.source,
          })),
        };
      },
    );

    app.put(
      '/api/v1/calendar/days/:date',
      {
        config: { capability: 'calendar.manage' },
        schema: {
          tags: ['calendar'],
          summary: '设置某一天为节假日或调休上班日',
          params: z.object({ date: isoDay }),
          body: z.object({ kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(50) }),
          response: { 200: z.object({ recomputedTickets: z.number() }) },
        },
      },
      async (req) => setDay(ctx, requireAdmin(req), req.params.date, req.body),
    );

    app.delete(
      '/api/v1/calendar/days/:date',
      {
        config: { capability: 'calendar.manage' },
        schema: {
          tags: ['calendar'],
          summary: '删除某一天的例外（恢复为周一至周五规则）',
          params: z.object({ date: isoDay }),
          response: { 200: z.object({ recomputedTickets: z.number() }) },
        },
      },
      async (req) => setDay(ctx, requireAdmin(req), req.params.date, null),
    );

    app.get(
      '/api/v1/calendar/status',
      {
        config: { access: 'session' },
        schema: {
          tags: ['calendar'],
          summary: '工作日历载入情况；自 12 月 1 日起提示下一年日历缺失',
          response: { 200: calendarStatus },
        },
      },
      async (req) => {
        requireViewer(req);
        const cal = await ctx.calendar.calendar();
        const now = ctx.clock.now();
        const today = shanghaiDate(now);
        const year = Number(today.slice(0, 4));
        const years = [...cal.loadedYears].sort((a, b) => a - b);
        const warnings: string[] = [];
        if (!cal.loadedYears.has(year))
          warnings.push(`${year} 年工作日历尚未载入，本年期限按周一至周五临时计算。`);
        if (today.slice(5) >= '12-01' && !cal.loadedYears.has(year + 1)) {
          warnings.push(
            `${year + 1} 年工作日历尚未载入：请在国务院办公厅发布放假安排后导入，跨年期限将临时按周一至周五计算。`,
          );
        }
        return { years, today, now: now.toISOString(), warnings };
      },
    );
  };
