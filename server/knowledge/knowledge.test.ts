/**
 * The knowledge base (life cycle with versions, four-eyes publishing, ranked Chinese search with
 * synonyms), request types counted in the statistics, answering at intake through revisit to archive (and back
 * to dispatch when the caller is not satisfied), and a reply template filled in a feedback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import type { KnowledgeItem, KnowledgeMatchView, KnowledgeView } from '../../shared/schemas/knowledge.js';
import type { TicketView } from '../../shared/schemas/tickets.js';
import type { OverviewStatsView } from '../../shared/schemas/stats.js';

let t: TestApp;
let operator: Client;
let operator2: Client;
let revisitor: Client;
let handler: Client;
let leader: Client;

const ok = <T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

/** Draft, submit, publish by a second office user. */
async function published(body: Record<string, unknown>): Promise<KnowledgeView> {
  const a = ok<KnowledgeView>(await operator.post('/api/v1/knowledge', body), 201);
  ok(await operator.post(`/api/v1/knowledge/${a.id}/submit`));
  return ok<KnowledgeView>(await operator2.post(`/api/v1/knowledge/${a.id}/publish`));
}

const search = async (q: string, c: Client = handler) =>
  ok<{ items: KnowledgeItem[]; total: number }>(
    await c.get(`/api/v1/knowledge?q=${encodeURIComponent(q)}&status=published`),
  );

/** The overview up to the next day (the range ends before `to`; the clock stands still in tests). */
const OVERVIEW = `/api/v1/stats/overview?to=${encodeURIComponent('2026-11-11T00:00:00+08:00')}`;

let heating: KnowledgeView;
let fund: KnowledgeView;
let noise: KnowledgeView;

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  operator2 = await t.as('operator2');
  revisitor = await t.as('revisitor');
  handler = await t.as('s220204-bjl.handler');
  leader = await t.as('leader');
  heating = await published({
    title: '供暖期停暖怎么办',
    body: '# 停暖报修\n\n供暖期内出现停暖，请先联系所在小区的供热公司。\n\n- 报修电话见 [供热公司名录](https://www.jlcity.gov.cn/gr)\n- 超过 24 小时未恢复的，可拨打 12345。',
    categoryCodes: ['C01'],
    public: true,
  });
  fund = await published({
    title: '住房公积金提取需要哪些材料',
    body: '提取住房公积金需携带身份证、银行卡和购房合同，到公积金管理中心办理。',
    categoryCodes: ['C05'],
  });
  noise = await published({
    title: '夜间施工噪声投诉',
    body: '夜间施工产生噪声扰民的，由生态环境部门受理。暖气管道维修除外。',
    categoryCodes: ['C02'],
  });
});
afterAll(() => t.close());

describe('knowledge life cycle', () => {
  it('when an article is drafted, edited, reviewed, published and retired, then every version is kept with who and what', async () => {
    const draft = ok<KnowledgeView>(
      await operator.post('/api/v1/knowledge', { title: '低保申请条件', body: '申请低保需要户籍证明。' }),
      201,
    );
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    const edited = ok<KnowledgeView>(
      await operator.inject({
        method: 'PUT',
        url: `/api/v1/knowledge/${draft.id}`,
        payload: { body: '申请最低生活保障需要户籍证明和收入证明。', categoryCodes: ['C07'] },
      }),
    );
    expect(edited).toMatchObject({ status: 'draft', version: 2 });
    ok(await operator.post(`/api/v1/knowledge/${draft.id}/submit`));
    // Four eyes: the author cannot publish their own article.
    const self = await operator.post(`/api/v1/knowledge/${draft.id}/publish`);
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ error: { code: 'KNOWLEDGE.FOUR_EYES' } });
    // A unit user cannot publish at all.
    expect((await handler.post(`/api/v1/knowledge/${draft.id}/publish`)).statusCode).toBe(403);
    const pub = ok<KnowledgeView>(await operator2.post(`/api/v1/knowledge/${draft.id}/publish`));
    expect(pub).toMatchObject({ status: 'published', version: 2 });
    expect(pub.reviewDueAt).not.toBeNull();
    // Editing the published text sends it back to review; a second person publishes it again.
    const again = ok<KnowledgeView>(
      await operator2.inject({
        method: 'PUT',
        url: `/api/v1/knowledge/${draft.id}`,
        payload: { title: '最低生活保障（低保）申请条件' },
      }),
    );
    expect(again).toMatchObject({ status: 'review', version: 3 });
    // operator2 edited last, so operator2 may not publish; operator (not the last editor) still may not, being the author.
    expect((await operator2.post(`/api/v1/knowledge/${draft.id}/publish`)).statusCode).toBe(409);
    expect((await operator.post(`/api/v1/knowledge/${draft.id}/publish`)).statusCode).toBe(409);
    const revisitorPub = ok<KnowledgeView>(await revisitor.post(`/api/v1/knowledge/${draft.id}/publish`));
    expect(revisitorPub.status).toBe('published');
    const retired = ok<KnowledgeView>(
      await operator.post(`/api/v1/knowledge/${draft.id}/retire`, { reason: '政策已调整' }),
    );
    expect(retired.status).toBe('retired');
    const full = ok<KnowledgeView>(await operator.get(`/api/v1/knowledge/${draft.id}`));
    expect(full.versions.map((v) => [v.action, v.version])).toEqual([
      ['create', 1],
      ['edit', 2],
      ['submit', 2],
      ['publish', 2],
      ['edit', 3],
      ['publish', 3],
      ['retire', 3],
    ]);
    expect(full.versions[1]?.changedFields).toEqual(['body', 'categoryCodes']);
    expect(full.versions[4]).toMatchObject({
      changedFields: ['title'],
      title: '最低生活保障（低保）申请条件',
    });
    expect(full.versions.every((v) => v.userName)).toBe(true);
    // A retired article cannot change any more, and is not found among published ones.
    const edit = await operator.inject({
      method: 'PUT',
      url: `/api/v1/knowledge/${draft.id}`,
      payload: { title: 'x' },
    });
    expect(edit.statusCode).toBe(409);
    expect((await search('低保')).items.map((i) => i.id)).not.toContain(draft.id);
    // Every change is in the audit log.
    const admin = await t.as('admin');
    const log = ok<{ items: { action: string }[] }>(
      await admin.get(`/api/v1/audit?target=${encodeURIComponent(`knowledge:${draft.id}`)}&pageSize=50`),
    );
    const actions = log.items.map((i) => i.action);
    for (const a of ['knowledge.create', 'knowledge.edit', 'knowledge.publish', 'knowledge.retire'])
      expect(actions, JSON.stringify(actions)).toContain(a);
  });

  it('when a draft is refused by its schema, then the field is named and nothing is stored', async () => {
    const before = ok<{ total: number }>(await operator.get('/api/v1/knowledge')).total;
    const res = await operator.post('/api/v1/knowledge', { title: '', body: '正文' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('title');
    expect(ok<{ total: number }>(await operator.get('/api/v1/knowledge')).total).toBe(before);
  });

  it('when a published article passes its review date, then its owner sees it flagged', async () => {
    const due = await published({
      title: '物业费收费标准',
      body: '住宅物业费按物价部门核定的标准收取。',
      reviewDueAt: new Date('2026-11-20T00:00:00+08:00').toISOString(),
    });
    expect(due.reviewDue).toBe(false);
    t.clock.set(new Date('2026-11-21T09:00:00+08:00'));
    try {
      const flagged = ok<{ items: KnowledgeItem[] }>(
        await operator.get('/api/v1/knowledge?dueForReview=true'),
      );
      expect(flagged.items.map((i) => i.id)).toContain(due.id);
      expect(flagged.items.find((i) => i.id === due.id)?.reviewDue).toBe(true);
    } finally {
      t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    }
  });
});

describe('knowledge search', () => {
  it('when a caller says 暖气不热, then the 停暖 article ranks first through the synonym table', async () => {
    const r = await search('家里暖气不热怎么办');
    expect(r.items[0]?.id).toBe(heating.id);
    // The noise article mentions 暖气 only in passing: found, but ranked below.
    const ids = r.items.map((i) => i.id);
    if (ids.includes(noise.id)) expect(ids.indexOf(noise.id)).toBeGreaterThan(ids.indexOf(heating.id));
    expect(ids).not.toContain(fund.id);
  });

  it('when the query uses another word of a group (停热, 公积金, 噪音), then the matching article comes first', async () => {
    expect((await search('停热了'))?.items[0]?.id).toBe(heating.id);
    expect((await search('公积金怎么取'))?.items[0]?.id).toBe(fund.id);
    expect((await search('晚上工地噪音太大'))?.items[0]?.id).toBe(noise.id);
  });

  it('when the query has only function words, then nothing is found rather than everything', async () => {
    const r = await search('请问怎么办吗');
    expect(r).toEqual({ items: [], total: 0 });
  });

  it('when the citizens ask the FAQ, then only public published articles appear', async () => {
    const faq = ok<{ items: { id: string }[] }>(await t.anonymous.get('/api/v1/public/faq?q=停暖'));
    expect(faq.items.map((i) => i.id)).toEqual([heating.id]);
    const all = ok<{ items: { id: string }[] }>(await t.anonymous.get('/api/v1/public/faq'));
    expect(all.items.map((i) => i.id)).not.toContain(fund.id);
  });
});

describe('request types', () => {
  it('when the operator registers without a type, then the type is suggested from the text; a chosen type is kept', async () => {
    const m = ok<KnowledgeMatchView>(
      await operator.post('/api/v1/knowledge/match', { text: '请问住房公积金提取需要什么材料？' }),
    );
    expect(m.requestType.type).toBe('consultation');
    expect(m.requestType.reasons.length).toBeGreaterThan(0);
    expect(m.articles[0]?.id).toBe(fund.id);
    const suggested = ok<TicketView>(
      await operator.post('/api/v1/tickets', ticketBody({ content: '我要举报某工地夜间偷排污水。' })),
      201,
    );
    expect(suggested.requestType).toBe('report');
    const chosen = ok<TicketView>(
      await operator.post('/api/v1/tickets', ticketBody({ requestType: 'praise' })),
      201,
    );
    expect(chosen.requestType).toBe('praise');
    const bad = await operator.post('/api/v1/tickets', ticketBody({ requestType: 'gossip' }));
    expect(bad.statusCode).toBe(400);
    const list = ok<{ items: TicketView[] }>(await operator.get('/api/v1/tickets?requestType=praise'));
    expect(list.items.map((i) => i.id)).toEqual([chosen.id]);
  });
});

describe('answer at intake', () => {
  it('when the operator answers from an article, then the request is answered, revisited by the same rule and archived — never against a unit', async () => {
    const reg = ok<TicketView>(
      await operator.post(
        '/api/v1/tickets',
        ticketBody({ content: '请问家里暖气不热找谁？', requestType: 'consultation' }),
      ),
      201,
    );
    // Only published articles in force may be cited.
    const draft = ok<KnowledgeView>(
      await operator.post('/api/v1/knowledge', { title: '草稿', body: '未发布' }),
      201,
    );
    const refused = await operator.post(`/api/v1/tickets/${reg.id}/answer`, {
      articleIds: [draft.id],
      answer: '请联系供热公司。',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'KNOWLEDGE.NOT_PUBLISHED' } });
    // A unit cannot answer at intake.
    expect(
      (await handler.post(`/api/v1/tickets/${reg.id}/answer`, { articleIds: [heating.id], answer: 'x' }))
        .statusCode,
    ).toBe(404);
    const answered = ok<TicketView>(
      await operator.post(`/api/v1/tickets/${reg.id}/answer`, {
        articleIds: [heating.id],
        answer: '请先联系小区供热公司报修，超过 24 小时未恢复再拨打 12345。',
      }),
    );
    expect(answered).toMatchObject({ status: 'answered', leadUnitId: null });
    const events = ok<{ action: string; data: Record<string, unknown> }[]>(
      await operator.get(`/api/v1/tickets/${reg.id}/events`),
    );
    expect(events.find((e) => e.action === 'answer')?.data.articleIds).toEqual([heating.id]);
    // The test policy samples every ticket (rate 1): the same draw as after feedback (R4.6.2).
    expect(events.map((e) => e.action)).toContain('revisit-draw');
    const archived = ok<TicketView>(
      await revisitor.post(`/api/v1/tickets/${reg.id}/revisit`, { outcome: 'satisfied', note: '' }),
    );
    expect(archived.status).toBe('archived');
    // Statistics count it; the leaders' overview shows the answers at intake and the types.
    const stats = ok<OverviewStatsView>(await leader.get(OVERVIEW));
    expect(stats.answeredAtIntake).toBeGreaterThanOrEqual(1);
    const consult = stats.byRequestType.find((s) => s.key === 'consultation');
    expect(consult?.counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });

  it('when the caller is not satisfied at revisit, then it becomes an ordinary request and is dispatched', async () => {
    const reg = ok<TicketView>(
      await operator.post('/api/v1/tickets', ticketBody({ content: '暖气不热，问过供热公司也没用。' })),
      201,
    );
    ok(
      await operator.post(`/api/v1/tickets/${reg.id}/answer`, {
        articleIds: [heating.id],
        answer: '请联系供热公司。',
      }),
    );
    const back = ok<TicketView>(
      await revisitor.post(`/api/v1/tickets/${reg.id}/revisit`, { outcome: 'unsatisfied', note: '仍不热' }),
    );
    expect(back.status).toBe('registered');
    const street = t.units.get('S220204-BJL') as string;
    const dispatched = ok<TicketView>(
      await operator.post(`/api/v1/tickets/${reg.id}/dispatch`, { unitId: street }),
    );
    expect(dispatched).toMatchObject({ status: 'dispatched', leadUnitId: street });
  });
});

describe('statistics by request type', () => {
  it('when requests of several types are registered, then the overview counts each type', async () => {
    const before = ok<OverviewStatsView>(await leader.get(OVERVIEW));
    const total = (v: OverviewStatsView, key: string) =>
      v.byRequestType.find((s) => s.key === key)?.counts.reduce((a, b) => a + b, 0) ?? 0;
    ok(await operator.post('/api/v1/tickets', ticketBody({ requestType: 'suggestion' })), 201);
    ok(await operator.post('/api/v1/tickets', ticketBody({ requestType: 'suggestion' })), 201);
    ok(await operator.post('/api/v1/tickets', ticketBody({ requestType: 'help' })), 201);
    const after = ok<OverviewStatsView>(await leader.get(OVERVIEW));
    expect(total(after, 'suggestion') - total(before, 'suggestion')).toBe(2);
    expect(total(after, 'help') - total(before, 'help')).toBe(1);
  });
});

describe('reply templates', () => {
  it('when a unit fills a feedback template, then the variables carry the ticket and the sent feedback holds the edited text', async () => {
    const tpl = ok<{ id: string }>(
      await operator.post('/api/v1/templates', {
        kind: 'feedback',
        title: '办结反馈',
        body: '{{诉求人称呼}}您好，您反映的工单 {{工单编号}} 已由{{承办单位}}于{{办结时间}}办结。',
      }),
      201,
    );
    // A unit handler may use but not write templates.
    expect(
      (await handler.post('/api/v1/templates', { kind: 'feedback', title: 'x', body: 'y' })).statusCode,
    ).toBe(403);
    const street = t.units.get('S220204-BJL') as string;
    const reg = ok<TicketView>(
      await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' })),
      201,
    );
    ok(await operator.post(`/api/v1/tickets/${reg.id}/dispatch`, { unitId: street }));
    ok(await handler.post(`/api/v1/tickets/${reg.id}/accept`, { responsiblePerson: '李四' }));
    ok(await handler.post(`/api/v1/tickets/${reg.id}/verify`, { text: '已核实' }));
    const done = ok<TicketView>(
      await handler.post(`/api/v1/tickets/${reg.id}/complete`, { result: '已疏通' }),
    );
    const listed = ok<{ id: string }[]>(await handler.get('/api/v1/templates?kind=feedback'));
    expect(listed.map((l) => l.id)).toContain(tpl.id);
    const filled = ok<{ text: string; missing: string[] }>(
      await handler.post(`/api/v1/templates/${tpl.id}/fill`, { ticketId: reg.id }),
    );
    expect(filled.missing).toEqual([]);
    expect(filled.text).toContain('张先生/女士您好');
    expect(filled.text).toContain(done.code);
    expect(filled.text).toContain('北京路街道');
    expect(filled.text).toContain('2026-11-10 09:00');
    // Edited before sending.
    const sent = `${filled.text}如有疑问请回电。`;
    ok(await handler.post(`/api/v1/tickets/${reg.id}/feedback`, { toComplainant: sent, toOffice: '已办结' }));
    const events = ok<{ action: string; data: Record<string, unknown> }[]>(
      await handler.get(`/api/v1/tickets/${reg.id}/events`),
    );
    expect(events.find((e) => e.action === 'feedback')?.data.toComplainant).toBe(sent);
    const used = ok<{ id: string; useCount: number }[]>(
      await operator.get('/api/v1/templates?kind=feedback'),
    );
    expect(used.find((u) => u.id === tpl.id)?.useCount).toBe(1);
    // The good reply proposed as an article draft, with the ticket it came from.
    const proposed = ok<KnowledgeView>(await operator.post(`/api/v1/knowledge/from-ticket/${reg.id}`), 201);
    expect(proposed).toMatchObject({ status: 'draft', fromTicketId: reg.id });
    expect(proposed.body).toContain('如有疑问请回电');
  });
});
