/**
 * The knowledge base: articles with a life cycle draft → review → published → retired, every
 * version kept (who, when, which fields), a second office user — never the author or the last editor —
 * publishes; ranked Chinese search with synonyms; the matches beside the registration form; the citizens' FAQ;
 * proposing a completed ticket's reply as a draft; the questions asked most often without an article. Every
 * change is written to the audit log in the same transaction.
 */
import { and, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { knowledgeArticles, knowledgeVersions, users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { isOffice, isUnitUser } from '../auth/viewer.js';
import { requireCapability } from '../auth/permissions.js';
import { can } from '../../shared/capabilities.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import { consultationsWithoutArticle, latestEventOf, type Tx } from '../tickets/ticket.repository.js';
import { visibleTicket } from '../tickets/ticket.service.js';
import { plainText } from '../../shared/knowledge-markdown.js';
import { suggestRequestType } from '../../domain/classify/request-type.js';
import type {
  createKnowledgeBody,
  KnowledgeItem,
  knowledgeListQuery,
  knowledgeMatchBody,
  KnowledgeMatchView,
  KnowledgeStatus,
  KnowledgeView,
  updateKnowledgeBody,
} from '../../shared/schemas/knowledge.js';
import { searchPlan, searchVector } from './knowledge.search.js';

type Row = typeof knowledgeArticles.$inferSelect;
type CreateInput = z.output<typeof createKnowledgeBody>;
type UpdateInput = z.output<typeof updateKnowledgeBody>;
type ListInput = z.output<typeof knowledgeListQuery>;

/** A published article is due for review this long after publishing, unless it says otherwise or expires. */
export const REVIEW_AFTER_DAYS = 180;
const DAY_MS = 86_400_000;

const notFound = () => new AppError('KNOWLEDGE.NOT_FOUND', '知识库文章不存在。');
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const snippetOf = (body: string) => {
  const s = plainText(body).replace(/\s+/g, ' ').trim();
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};
const reviewDue = (r: Row, now: Date) =>
  r.status === 'published' && r.reviewDueAt !== null && r.reviewDueAt.getTime() <= now.getTime();

/** The fields an edit may change, as stored, with the names the version history lists. */
const CONTENT_FIELDS = [
  'title',
  'body',
  'categoryCodes',
  'districtCodes',
  'effectiveFrom',
  'effectiveTo',
  'sourceDocument',
  'owningUnitId',
  'public',
  'reviewDueAt',
] as const;

function snapshot(r: Row): Record<string, unknown> {
  return Object.fromEntries(
    CONTENT_FIELDS.map((f) => {
      const v = r[f];
      return [f, v instanceof Date ? v.toISOString() : v];
    }),
  );
}

/** A unit user drafts and edits only their own unit's articles; the office edits every one. */
function mayEdit(viewer: Viewer, r: Pick<Row, 'owningUnitId'>): boolean {
  if (!can(viewer.roles, 'knowledge.draft')) return false;
  if (isOffice(viewer)) return true;
  return isUnitUser(viewer) && r.owningUnitId === viewer.unitId;
}

async function lastEditor(db: Tx, id: string): Promise<string | null> {
  const [v] = await db
    .select({ userId: knowledgeVersions.userId })
    .from(knowledgeVersions)
    .where(and(eq(knowledgeVersions.articleId, id), inArray(knowledgeVersions.action, ['create', 'edit'])))
    .orderBy(desc(knowledgeVersions.id))
    .limit(1);
  return v?.userId ?? null;
}

function allowedFor(viewer: Viewer, r: Row, editor: string | null): KnowledgeView['allowed'] {
  const out: KnowledgeView['allowed'] = [];
  if (r.status !== 'retired' && mayEdit(viewer, r)) out.push('edit');
  if (r.status === 'draft' && mayEdit(viewer, r)) out.push('submit');
  const publisher = can(viewer.roles, 'knowledge.publish');
  if (publisher && r.status === 'review' && viewer.userId !== r.authorId && viewer.userId !== editor)
    out.push('publish');
  if (publisher && r.status !== 'retired') out.push('retire');
  return out;
}

async function present(ctx: AppContext, viewer: Viewer, r: Row): Promise<KnowledgeView> {
  const versions = await ctx.db
    .select({
      version: knowledgeVersions.version,
      action: knowledgeVersions.action,
      at: knowledgeVersions.at,
      userId: knowledgeVersions.userId,
      userName: users.displayName,
      changedFields: knowledgeVersions.changedFields,
      snapshot: knowledgeVersions.snapshot,
    })
    .from(knowledgeVersions)
    .leftJoin(users, eq(users.id, knowledgeVersions.userId))
    .where(eq(knowledgeVersions.articleId, r.id))
    .orderBy(knowledgeVersions.id);
  const editor = [...versions].reverse().find((v) => v.action === 'create' || v.action === 'edit');
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    status: r.status as KnowledgeStatus,
    version: r.version,
    categoryCodes: r.categoryCodes,
    districtCodes: r.districtCodes,
    effectiveFrom: iso(r.effectiveFrom),
    effectiveTo: iso(r.effectiveTo),
    sourceDocument: r.sourceDocument,
    owningUnitId: r.owningUnitId,
    public: r.public,
    authorId: r.authorId,
    publishedBy: r.publishedBy,
    publishedAt: iso(r.publishedAt),
    reviewDueAt: iso(r.reviewDueAt),
    reviewDue: reviewDue(r, ctx.clock.now()),
    fromTicketId: r.fromTicketId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    versions: versions.map((v) => ({
      version: v.version,
      action: v.action,
      at: v.at.toISOString(),
      userId: v.userId,
      userName: v.userName ?? null,
      changedFields: v.changedFields,
      title: typeof v.snapshot.title === 'string' ? v.snapshot.title : r.title,
    })),
    allowed: allowedFor(viewer, r, editor?.userId ?? null),
  };
}

async function load(db: Tx, id: string, lock = false): Promise<Row> {
  const q = db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id));
  const [r] = lock ? await q.for('update') : await q;
  if (!r) throw notFound();
  return r;
}

async function record(
  tx: Tx,
  ctx: AppContext,
  viewer: Viewer,
  r: Row,
  action: string,
  changedFields: string[],
  now: Date,
  extra: Record<string, unknown> = {},
) {
  await tx.insert(knowledgeVersions).values({
    articleId: r.id,
    version: r.version,
    action,
    at: now,
    userId: viewer.userId,
    changedFields,
    snapshot: snapshot(r),
  });
  await audit(tx, {
    at: now,
    actor: viewer,
    action: `knowledge.${action}`,
    target: `knowledge:${r.id}`,
    outcome: 'success',
    details: { version: r.version, status: r.status, changedFields, ...extra },
  });
}

export async function getArticle(ctx: AppContext, viewer: Viewer, id: string): Promise<KnowledgeView> {
  requireCapability(viewer, 'knowledge.view');
  return present(ctx, viewer, await load(ctx.db, id));
}

export async function createArticle(
  ctx: AppContext,
  viewer: Viewer,
  input: CreateInput,
  fromTicketId: string | null = null,
): Promise<KnowledgeView> {
  requireCapability(viewer, 'knowledge.draft');
  const now = ctx.clock.now();
  // A unit drafts for itself; the office may name the owning unit (or none: the office's own).
  const owningUnitId = isOffice(viewer) ? (input.owningUnitId ?? null) : viewer.unitId;
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(knowledgeArticles)
      .values({
        title: input.title,
        body: input.body,
        categoryCodes: input.categoryCodes ?? [],
        districtCodes: input.districtCodes ?? [],
        effectiveFrom: input.effectiveFrom ?? null,
        effectiveTo: input.effectiveTo ?? null,
        sourceDocument: input.sourceDocument ?? null,
        owningUnitId,
        public: input.public ?? false,
        reviewDueAt: input.reviewDueAt ?? null,
        status: 'draft',
        version: 1,
        authorId: viewer.userId,
        fromTicketId,
        createdAt: now,
        updatedAt: now,
        search: searchVector(input.title, input.body),
      })
      .returning();
    if (!r) throw new AppError('INTERNAL', '保存失败。');
    await record(
      tx,
      ctx,
      viewer,
      r,
      'create',
      [...CONTENT_FIELDS],
      now,
      fromTicketId ? { fromTicketId } : {},
    );
    return r;
  });
  return present(ctx, viewer, row);
}

export async function updateArticle(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  input: UpdateInput,
): Promise<KnowledgeView> {
  requireCapability(viewer, 'knowledge.draft');
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const cur = await load(tx, id, true);
    requireCapability(viewer, 'knowledge.draft', mayEdit(viewer, cur));
    if (cur.status === 'retired') throw new AppError('KNOWLEDGE.INVALID_STATE', '已停用的文章不能修改。');
    const patch: Partial<Row> = {};
    const changed: string[] = [];
    for (const f of CONTENT_FIELDS) {
      if (!(f in input)) continue;
      if (f === 'owningUnitId' && !isOffice(viewer)) continue;
      const next =
        (input as Record<string, unknown>)[f] ?? (f === 'categoryCodes' || f === 'districtCodes' ? [] : null);
      const before = cur[f];
      const same =
        before instanceof Date || next instanceof Date
          ? (before as Date | null)?.getTime() === (next as Date | null)?.getTime()
          : JSON.stringify(before) === JSON.stringify(next);
      if (!same) {
        (patch as Record<string, unknown>)[f] = next;
        changed.push(f);
      }
    }
    if (changed.length === 0) return cur;
    const title = patch.title ?? cur.title;
    const body = patch.body ?? cur.body;
    // A published article that changes is reviewed again before the new text is published (four eyes).
    const status = cur.status === 'published' ? 'review' : cur.status;
    const [r] = await tx
      .update(knowledgeArticles)
      .set({ ...patch, status, version: cur.version + 1, updatedAt: now, search: searchVector(title, body) })
      .where(eq(knowledgeArticles.id, id))
      .returning();
    if (!r) throw notFound();
    await record(tx, ctx, viewer, r, 'edit', changed, now);
    return r;
  });
  return present(ctx, viewer, row);
}

async function move(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  action: 'submit' | 'publish' | 'retire',
  reason?: string,
): Promise<KnowledgeView> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const cur = await load(tx, id, true);
    let set: Partial<Row>;
    if (action === 'submit') {
      requireCapability(viewer, 'knowledge.draft', mayEdit(viewer, cur));
      if (cur.status !== 'draft') throw new AppError('KNOWLEDGE.INVALID_STATE', '只有草稿可以提交审核。');
      set = { status: 'review' };
    } else if (action === 'publish') {
      requireCapability(viewer, 'knowledge.publish');
      if (cur.status !== 'review')
        throw new AppError('KNOWLEDGE.INVALID_STATE', '只有待审核的文章可以发布。');
      if (viewer.userId === cur.authorId || viewer.userId === (await lastEditor(tx, id)))
        throw new AppError(
          'KNOWLEDGE.FOUR_EYES',
          '文章须由作者和最后修改人以外的另一位市长电话室人员审核发布。',
        );
      const due =
        cur.reviewDueAt && cur.reviewDueAt.getTime() > now.getTime()
          ? cur.reviewDueAt
          : (cur.effectiveTo ?? new Date(now.getTime() + REVIEW_AFTER_DAYS * DAY_MS));
      set = { status: 'published', publishedBy: viewer.userId, publishedAt: now, reviewDueAt: due };
    } else {
      requireCapability(viewer, 'knowledge.publish');
      if (cur.status === 'retired') throw new AppError('KNOWLEDGE.INVALID_STATE', '文章已停用。');
      set = { status: 'retired' };
    }
    const [r] = await tx
      .update(knowledgeArticles)
      .set({ ...set, updatedAt: now })
      .where(eq(knowledgeArticles.id, id))
      .returning();
    if (!r) throw notFound();
    await record(tx, ctx, viewer, r, action, [], now, reason ? { reason } : {});
    return r;
  });
  return present(ctx, viewer, row);
}

export const submitArticle = (ctx: AppContext, v: Viewer, id: string) => move(ctx, v, id, 'submit');
export const publishArticle = (ctx: AppContext, v: Viewer, id: string) => move(ctx, v, id, 'publish');
export const retireArticle = (ctx: AppContext, v: Viewer, id: string, reason?: string) =>
  move(ctx, v, id, 'retire', reason);

/** In force at `now`: published, and within its effective dates. */
export const inForce = (now: Date): SQL =>
  sql`${knowledgeArticles.status} = 'published'
      AND (${knowledgeArticles.effectiveFrom} IS NULL OR ${knowledgeArticles.effectiveFrom} <= ${now.toISOString()})
      AND (${knowledgeArticles.effectiveTo} IS NULL OR ${knowledgeArticles.effectiveTo} > ${now.toISOString()})`;

interface SearchFilter {
  q?: string;
  categoryCode?: string;
  where: SQL[];
  page: number;
  pageSize: number;
}

/**
 * At most this many matches of a query are ranked (or as many as the page reached needs): the GIN index finds
 * the matches, `ts_rank` — which reads each article's whole vector — orders only these (ADR 0009).
 */
export const RANK_CANDIDATES = 200;
/** A search's total is counted up to this many (a query matching more is refined, not paged through). */
export const COUNT_CAP = 1_000;

/**
 * Ranked search: the best match first; without search words, the most recently changed first. A query
 * must match every required word; only when nothing does, most of them, then any one (ADR 0009). One statement
 * answers a query whichever level finds it: matches, total and ranked page.
 */
async function search(ctx: AppContext, f: SearchFilter): Promise<{ rows: Row[]; total: number }> {
  const where = [...f.where];
  if (f.categoryCode) where.push(sql`${knowledgeArticles.categoryCodes} @> ARRAY[${f.categoryCode}]::text[]`);
  const offset = (f.page - 1) * f.pageSize;
  if (!f.q) {
    const cond = where.length ? and(...where) : undefined;
    const [rows, [counted]] = await Promise.all([
      ctx.db
        .select()
        .from(knowledgeArticles)
        .where(cond)
        .orderBy(desc(knowledgeArticles.updatedAt), knowledgeArticles.id)
        .limit(f.pageSize)
        .offset(offset),
      ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(knowledgeArticles)
        .where(cond),
    ]);
    return { rows, total: Number(counted?.n ?? 0) };
  }
  const plan = searchPlan(f.q);
  if (!plan) return { rows: [], total: 0 };
  const bound = Math.max(RANK_CANDIDATES, offset + f.pageSize);
  const cap = Math.max(COUNT_CAP, bound);
  // One statement for every level (ADR 0009): each level's matches (the other conditions applied, at most `cap`)
  // are computed only when the stricter levels found nothing — `NOT EXISTS` on an earlier level is a one-time
  // filter, so a level that is not needed is never scanned — and the level that answers is counted and ranked
  // from the same set, not searched again for the count.
  const levels = plan.levels.map((level, i) => {
    const stricter = plan.levels
      .slice(0, i)
      .map((_, j) => sql.raw(`NOT EXISTS (SELECT 1 FROM l${j + 1}) AND `));
    return sql`${sql.raw(`l${i + 1}`)} AS MATERIALIZED (SELECT ${knowledgeArticles.id} FROM ${knowledgeArticles}
      WHERE ${sql.join(stricter)}${and(
        ...where,
        sql`${knowledgeArticles.id} IN (SELECT ${knowledgeArticles.id} FROM ${knowledgeArticles}
              WHERE ${knowledgeArticles.search} @@ ${level} OFFSET 0)`,
      )} LIMIT ${cap})`;
  });
  const matched = sql.join(
    plan.levels.map((_, i) => sql.raw(`SELECT id FROM l${i + 1}`)),
    sql` UNION ALL `,
  );
  const candidates = sql`(WITH ${sql.join(levels, sql`, `)}, matched AS (${matched})
    SELECT id, count(*) OVER () AS total FROM matched LIMIT ${bound}) AS m`;
  return ctx.db.transaction(async (tx) => {
    // The planner prices a tsquery of many alternatives (the "most words" level) on the GIN index far above
    // its real cost and reads every article's vector instead (0.5–0.9 s at 20,000 on PGlite, measured with
    // EXPLAIN ANALYZE; the index answers it in milliseconds). So the match is its own subquery (OFFSET 0 keeps
    // it from being merged with the other conditions, whose indexes would read every vector too), and within
    // this read-only transaction the planner may not scan the table for it.
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const found = await tx
      .select({ article: getTableColumns(knowledgeArticles), total: sql<number>`m.total::int` })
      .from(knowledgeArticles)
      .innerJoin(candidates, sql`m.id = ${knowledgeArticles.id}`)
      .orderBy(
        sql`ts_rank(${knowledgeArticles.search}, ${plan.rank}) DESC`,
        desc(knowledgeArticles.updatedAt),
        knowledgeArticles.id,
      )
      .limit(f.pageSize)
      .offset(offset);
    if (found.length > 0) return { rows: found.map((r) => r.article), total: Number(found[0]?.total ?? 0) };
    if (offset === 0) return { rows: [], total: 0 };
    // A page past the end: the total still says how many there are.
    const [c] = await tx.select({ n: sql<number>`count(*)::int` }).from(candidates);
    return { rows: [], total: Number(c?.n ?? 0) };
  });
}

export async function listArticles(
  ctx: AppContext,
  viewer: Viewer,
  q: ListInput,
): Promise<{ items: KnowledgeItem[]; total: number }> {
  requireCapability(viewer, 'knowledge.view');
  const now = ctx.clock.now();
  const where: SQL[] = [];
  if (q.status) where.push(eq(knowledgeArticles.status, q.status));
  // Drafts and articles under review are seen by those who write and review them, not by every reader.
  if (!isOffice(viewer)) {
    const own = viewer.unitId
      ? sql`(${knowledgeArticles.owningUnitId} = ${viewer.unitId} OR ${knowledgeArticles.authorId} = ${viewer.userId})`
      : sql`${knowledgeArticles.authorId} = ${viewer.userId}`;
    where.push(sql`(${knowledgeArticles.status} IN ('published','retired') OR ${own})`);
  }
  if (q.dueForReview === 'true') {
    const own = viewer.unitId
      ? sql`(${knowledgeArticles.owningUnitId} = ${viewer.unitId} OR ${knowledgeArticles.authorId} = ${viewer.userId})`
      : isOffice(viewer)
        ? sql`(${knowledgeArticles.owningUnitId} IS NULL OR ${knowledgeArticles.authorId} = ${viewer.userId})`
        : sql`${knowledgeArticles.authorId} = ${viewer.userId}`;
    where.push(
      sql`${knowledgeArticles.status} = 'published' AND ${knowledgeArticles.reviewDueAt} <= ${now.toISOString()} AND ${own}`,
    );
  }
  const { rows, total } = await search(ctx, { ...q, where });
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status as KnowledgeStatus,
      version: r.version,
      categoryCodes: r.categoryCodes,
      owningUnitId: r.owningUnitId,
      public: r.public,
      reviewDue: reviewDue(r, now),
      updatedAt: r.updatedAt.toISOString(),
      snippet: snippetOf(r.body),
    })),
    total,
  };
}

/** Beside the registration form: the suggested request type and the articles in force that match the text. */
export async function matchForIntake(
  ctx: AppContext,
  viewer: Viewer,
  input: z.output<typeof knowledgeMatchBody>,
): Promise<KnowledgeMatchView> {
  requireCapability(viewer, 'ticket.register');
  const now = ctx.clock.now();
  const where = [inForce(now)];
  const district = input.district ? await ctx.reference.districtCode(input.district) : undefined;
  if (district)
    where.push(
      sql`(cardinality(${knowledgeArticles.districtCodes}) = 0 OR ${knowledgeArticles.districtCodes} @> ARRAY[${district}]::text[])`,
    );
  const found = input.text ? await search(ctx, { q: input.text, where, page: 1, pageSize: 5 }) : { rows: [] };
  return {
    requestType: suggestRequestType(input.text),
    articles: found.rows.map((r) => ({ id: r.id, title: r.title, body: r.body, version: r.version })),
  };
}

/** The citizens' FAQ: public articles in force, best match first. */
export async function publicFaq(ctx: AppContext, q: string | undefined) {
  const now = ctx.clock.now();
  const { rows } = await search(ctx, {
    q,
    where: [inForce(now), eq(knowledgeArticles.public, true)],
    page: 1,
    pageSize: 20,
  });
  return { items: rows.map((r) => ({ id: r.id, title: r.title, body: r.body })) };
}

/**
 * A good reply on a completed ticket proposed as an article draft — the reply to the complainant as
 * the body, the ticket's category; the office reviews it like any other. The reply is the unit's text, never
 * the complainant's personal data (R9.1); the author should still read it before submitting.
 */
export async function proposeFromTicket(ctx: AppContext, viewer: Viewer, ticketId: string) {
  requireCapability(viewer, 'knowledge.propose');
  const { row } = await visibleTicket(ctx, viewer, ticketId);
  if (!['replied', 'archived', 'answered'].includes(row.status))
    throw new AppError('KNOWLEDGE.INVALID_STATE', '只有已反馈或已归档的工单可以提炼为知识库文章。');
  const fb = await latestEventOf(ctx.db, ticketId, ['feedback', 'answer']);
  const reply = fb ? String(fb.data.toComplainant ?? fb.data.answer ?? '') : '';
  if (!reply) throw new AppError('KNOWLEDGE.INVALID_STATE', '该工单没有可提炼的答复内容。');
  return createArticle(
    ctx,
    viewer,
    {
      title: row.title,
      body: `# ${row.title}\n\n${reply}`,
      categoryCodes: row.categoryCode ? [row.categoryCode] : [],
      districtCodes: row.locationDistrict ? [row.locationDistrict] : [],
      owningUnitId: isOffice(viewer) ? (row.leadUnitId ?? null) : undefined,
    },
    ticketId,
  );
}

/**
 * The categories consultations (咨询) were registered under most often in the last `days` days that
 * have no published article.
 */
export async function knowledgeGaps(ctx: AppContext, viewer: Viewer, days = 90) {
  requireCapability(viewer, 'knowledge.view');
  const from = new Date(ctx.clock.now().getTime() - days * DAY_MS);
  const rows = await consultationsWithoutArticle(ctx.db, from, 10);
  return { from: from.toISOString(), items: rows.map((r) => ({ categoryCode: r.code, count: Number(r.n) })) };
}
