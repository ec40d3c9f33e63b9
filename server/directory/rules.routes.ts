/**
 * 派单目录 admin API (R4.2, R8.3): the responsibility rules the dispatch suggestions route by.
 * Admin only; the routes parse, check the role and call one use case (rule.service.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { okSchema, uuid } from '../../shared/schemas/common.js';
import { ruleBody, ruleList, ruleListQuery, ruleView } from '../../shared/schemas/rules.js';
import { requireAdmin } from './directory.common.js';
import { createRule, deleteRule, listRules, updateRule } from './rule.service.js';

const ruleParams = z.object({ id: uuid({ message: '派单规则编号格式不正确' }) });

export const rulesRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/responsibility-rules',
      {
        config: { capability: 'rules.manage' },
        schema: {
          tags: ['directory'],
          summary: '派单目录（R4.2、R8.3）：按分类（含下级）、承办单位、属地和关键词筛选，分页',
          querystring: ruleListQuery,
          response: { 200: ruleList },
        },
      },
      async (req) => {
        requireAdmin(req);
        return listRules(ctx, req.query);
      },
    );
    app.post(
      '/api/v1/responsibility-rules',
      {
        config: { capability: 'rules.manage' },
        schema: {
          tags: ['directory'],
          summary: '新增派单规则（分类、属地须存在，承办单位须在用；同一分类和属地只能有一条）',
          body: ruleBody,
          response: { 201: ruleView },
        },
      },
      async (req, reply) => reply.code(201).send(await createRule(ctx, requireAdmin(req), req.body)),
    );
    app.put(
      '/api/v1/responsibility-rules/:id',
      {
        config: { capability: 'rules.manage' },
        schema: {
          tags: ['directory'],
          summary: '修改派单规则（整条替换；不给优先级则按分类层级和属地计算）',
          params: ruleParams,
          body: ruleBody,
          response: { 200: ruleView },
        },
      },
      async (req) => updateRule(ctx, requireAdmin(req), req.params.id, req.body),
    );
    app.delete(
      '/api/v1/responsibility-rules/:id',
      {
        config: { capability: 'rules.manage' },
        schema: {
          tags: ['directory'],
          summary: '删除派单规则',
          params: ruleParams,
          response: { 200: okSchema },
        },
      },
      async (req) => {
        await deleteRule(ctx, requireAdmin(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
