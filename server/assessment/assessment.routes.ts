import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  annualView,
  computeBody,
  drillDownQuery,
  drillDownView,
  monthParam,
  monthlyQuery,
  monthlyView,
  revisionQuery,
  talksView,
  yearNumber,
} from '../../shared/schemas/assessment.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { sendDownload } from '../http/attachment.js';
import { requireViewer } from '../auth/auth.plugin.js';
import {
  computeMonth,
  drillDownTickets,
  getAnnual,
  getMonthly,
  getTalks,
  publishMonth,
  reviewMonth,
} from './assessment.service.js';
import { EXPORT_KINDS, exportMonthly, type ExportKind } from './assessment.exports.js';

const EXPORT_SUMMARY: Record<ExportKind, string> = {
  'bulletin.docx': '月度通报 Word 文档（R7.2；导出记入审计日志）',
  'bulletin.pdf': '月度通报 PDF（R7.2；导出记入审计日志）',
  'statistics.xlsx': '月度考核统计 Excel 表（R7.1；导出记入审计日志）',
};

export const assessmentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/assessment/monthly',
      {
        config: { capability: 'assessment.view' },
        schema: {
          tags: ['assessment'],
          summary: '月度考核：各单位指标、综合得分与同组排名（R7.1、R7.2），默认最新版本',
          querystring: monthlyQuery,
          response: { 200: monthlyView },
        },
      },
      async (req) => getMonthly(ctx, requireViewer(req), req.query.month, req.query.revision),
    );

    app.post(
      '/api/v1/assessment/monthly/:month/compute',
      {
        config: { capability: 'assessment.manage' },
        schema: {
          tags: ['assessment'],
          summary: '计算月度考核（先汇总新事件）；已发布的月份生成新版本（更正）',
          params: monthParam,
          body: computeBody,
          response: { 200: monthlyView },
        },
      },
      async (req) => computeMonth(ctx, requireViewer(req), req.params.month, req.body?.note),
    );

    app.post(
      '/api/v1/assessment/monthly/:month/review',
      {
        config: { capability: 'assessment.manage' },
        schema: {
          tags: ['assessment'],
          summary: '审核月度考核结果',
          params: monthParam,
          response: { 200: monthlyView },
        },
      },
      async (req) => reviewMonth(ctx, requireViewer(req), req.params.month),
    );

    app.post(
      '/api/v1/assessment/monthly/:month/publish',
      {
        config: { capability: 'assessment.manage' },
        schema: {
          tags: ['assessment'],
          summary: '发布月度考核结果（R7.2），发布后冻结',
          params: monthParam,
          response: { 200: monthlyView },
        },
      },
      async (req) => publishMonth(ctx, requireViewer(req), req.params.month),
    );

    app.get(
      '/api/v1/assessment/monthly/:month/tickets',
      {
        config: { capability: 'assessment.view' },
        schema: {
          tags: ['assessment'],
          summary: '指标明细：构成某单位某月某项指标的工单（仅编号，不含个人信息）',
          params: monthParam,
          querystring: drillDownQuery,
          response: { 200: drillDownView },
        },
      },
      async (req) => drillDownTickets(ctx, requireViewer(req), req.params.month, req.query),
    );

    app.get(
      '/api/v1/assessment/talks',
      {
        config: { capability: 'assessment.view' },
        schema: {
          tags: ['assessment'],
          summary: '约谈名单：连续三个已发布月份均在本组后三位的单位（R7.3）',
          querystring: z.object({ month: monthParam.shape.month }),
          response: { 200: talksView },
        },
      },
      async (req) => getTalks(ctx, requireViewer(req), req.query.month),
    );

    app.get(
      '/api/v1/assessment/annual',
      {
        config: { capability: 'assessment.view' },
        schema: {
          tags: ['assessment'],
          summary: '年度综合考评（R7.4）与报送上级单位名单',
          querystring: z.object({ year: yearNumber }),
          response: { 200: annualView },
        },
      },
      async (req) => getAnnual(ctx, requireViewer(req), req.query.year),
    );

    for (const kind of Object.keys(EXPORT_KINDS) as ExportKind[]) {
      app.get(
        `/api/v1/assessment/monthly/:month/${kind}`,
        {
          config: { capability: 'assessment.view' },
          schema: {
            tags: ['assessment'],
            summary: EXPORT_SUMMARY[kind],
            params: monthParam,
            querystring: revisionQuery,
          },
        },
        async (req, reply) => {
          const file = await exportMonthly(
            ctx,
            requireViewer(req),
            req.params.month,
            req.query.revision,
            kind,
          );
          return sendDownload(reply, file);
        },
      );
    }
  };
