/**
 * The knowledge base API (the contract other tools rely on): list and search, draft, edit, submit, publish (a second office
 * user), retire; the matches beside the registration form; the citizens' FAQ; proposing a ticket's reply.
 */
import type { FastifyContextConfig } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Capability } from '../../shared/capabilities.js';
import { requireViewer } from '../auth/auth.plugin.js';
import {
  createKnowledgeBody,
  faqQuery,
  faqView,
  knowledgeGapsView,
  knowledgeListQuery,
  knowledgeListView,
  knowledgeMatchBody,
  knowledgeMatchView,
  knowledgeView,
  retireKnowledgeBody,
  updateKnowledgeBody,
} from '../../shared/schemas/knowledge.js';
import {
  createArticle,
  getArticle,
  knowledgeGaps,
  listArticles,
  matchForIntake,
  proposeFromTicket,
  publicFaq,
  publishArticle,
  retireArticle,
  submitArticle,
  updateArticle,
} from './knowledge.service.js';

const idParam = z.object({ id: z.uuid({ message: '知识库文章编号不正确' }) });
const ticketParam = z.object({ ticketId: z.uuid({ message: '工单编号格式不正确' }) });

/**
 * One route's declaration, the shape every knowledge route shares: who may call it (a capability of the policy
 * module, or public), its documentation tag and summary, and its zod schemas.
 */
const declare = <S extends object>(
  policy: { capability: Capability } | { access: 'public' },
  summary: string,
  schema: S,
  tag: 'knowledge' | 'public' = 'knowledge',
) => ({ config: policy as FastifyContextConfig, schema: { tags: [tag], summary, ...schema } });

const article = { params: idParam, response: { 200: knowledgeView } };

export const knowledgeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/knowledge',
      declare(
        { capability: 'knowledge.view' },
        '知识库文章列表与检索（中文分词、同义词，按相关度排序；分页）',
        { querystring: knowledgeListQuery, response: { 200: knowledgeListView } },
      ),
      async (req) => listArticles(ctx, requireViewer(req), req.query),
    );
    app.post(
      '/api/v1/knowledge',
      declare({ capability: 'knowledge.draft' }, '起草知识库文章（草稿，版本 1）', {
        body: createKnowledgeBody,
        response: { 201: knowledgeView },
      }),
      async (req, reply) => reply.code(201).send(await createArticle(ctx, requireViewer(req), req.body)),
    );
    app.get(
      '/api/v1/knowledge/gaps',
      declare({ capability: 'knowledge.view' }, '近 90 天咨询最多、尚无已发布文章的事项分类', {
        response: { 200: knowledgeGapsView },
      }),
      async (req) => knowledgeGaps(ctx, requireViewer(req)),
    );
    app.post(
      '/api/v1/knowledge/match',
      declare({ capability: 'ticket.register' }, '登记时：按诉求内容推荐诉求类型和匹配的已发布知识', {
        body: knowledgeMatchBody,
        response: { 200: knowledgeMatchView },
      }),
      async (req) => matchForIntake(ctx, requireViewer(req), req.body),
    );
    app.post(
      '/api/v1/knowledge/from-ticket/:ticketId',
      declare({ capability: 'knowledge.propose' }, '将已办结工单的答复提炼为知识库文章草稿', {
        params: ticketParam,
        response: { 201: knowledgeView },
      }),
      async (req, reply) =>
        reply.code(201).send(await proposeFromTicket(ctx, requireViewer(req), req.params.ticketId)),
    );
    app.get(
      '/api/v1/knowledge/:id',
      declare({ capability: 'knowledge.view' }, '知识库文章与全部版本记录', article),
      async (req) => getArticle(ctx, requireViewer(req), req.params.id),
    );
    app.put(
      '/api/v1/knowledge/:id',
      declare({ capability: 'knowledge.draft' }, '修改文章（新版本；已发布的文章修改后须重新审核发布）', {
        ...article,
        body: updateKnowledgeBody,
      }),
      async (req) => updateArticle(ctx, requireViewer(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/knowledge/:id/submit',
      declare({ capability: 'knowledge.draft' }, '草稿提交审核', article),
      async (req) => submitArticle(ctx, requireViewer(req), req.params.id),
    );
    app.post(
      '/api/v1/knowledge/:id/publish',
      declare(
        { capability: 'knowledge.publish' },
        '审核发布（须由作者和最后修改人以外的另一位市长电话室人员）',
        article,
      ),
      async (req) => publishArticle(ctx, requireViewer(req), req.params.id),
    );
    app.post(
      '/api/v1/knowledge/:id/retire',
      declare({ capability: 'knowledge.publish' }, '停用文章', {
        ...article,
        body: retireKnowledgeBody.optional(),
      }),
      async (req) => retireArticle(ctx, requireViewer(req), req.params.id, req.body?.reason),
    );
    app.get(
      '/api/v1/public/faq',
      declare(
        { access: 'public' },
        '常见问题（已发布、公开且在有效期内的知识库文章，可检索）',
        { querystring: faqQuery, response: { 200: faqView } },
        'public',
      ),
      async (req) => publicFaq(ctx, req.query.q),
    );
  };
