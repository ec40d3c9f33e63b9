import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/auth.plugin.js';
import {
  districtStatsQuery,
  districtStatsView,
  overviewStatsQuery,
  overviewStatsView,
} from '../../shared/schemas/stats.js';
import { districtStats, overviewStats } from './stats.service.js';

export const statsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/stats/districts',
      {
        config: { capability: 'stats.view' },
        schema: {
          tags: ['stats'],
          summary: '各区诉求量（按周或一级分类），仅计数，供市领导热力图（R8.1、R9.1）',
          querystring: districtStatsQuery,
          response: { 200: districtStatsView },
        },
      },
      async (req) => districtStats(ctx, requireViewer(req), req.query),
    );
    app.get(
      '/api/v1/stats/overview',
      {
        config: { capability: 'stats.view' },
        schema: {
          tags: ['stats'],
          summary: '市领导驾驶舱：按渠道、按一级分类的每周诉求量，各责任单位在办与超期数（仅计数）',
          querystring: overviewStatsQuery,
          response: { 200: overviewStatsView },
        },
      },
      async (req) => overviewStats(ctx, requireViewer(req), req.query),
    );
  };
