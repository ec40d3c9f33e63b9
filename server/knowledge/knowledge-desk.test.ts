/**
 * From replies to knowledge and out to the citizens: a completed ticket's reply proposed as an article draft
 * (capability `knowledge.propose`, office review as for any draft), the public FAQ (published, public, in force,
 * searched like the operators' search), template management (global and per-unit, use counts, retire), and the
 * search requiring most query words rather than any (ADR 0009).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import type { KnowledgeItem, KnowledgeView, TemplateView } from '../../shared/schemas/knowledge.js';
import type { TicketView } from '../../shared/schemas/tickets.js';

let t: TestApp;
let operator: Client;
let operator2: Client;
let handler: Client;
let unitLeader: Client;
let supervisor: Client;

const ok = <T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

async function published(body: Record<string, unknown>): Promise<KnowledgeView> {
  const a = ok<KnowledgeView>(await operator.post('/api/v1/knowledge', body), 201);
  ok(await operator.post(`/api/v1/knowledge/${a.id}/submit`));
  return ok<KnowledgeView>(await operator2.post(`/api/v1/knowledge/${a.id}/publish`));
}

const faq = async (q?: string) =>
  ok<{ items: { id: string; title: string; body: string }[] }>(
    await t.anonymous.get(`/api/v1/public/faq${q ? `?q=${encodeURIComponent(q)}` : ''}`),
  ).items;

/** A ticket of 北京路街道 taken through to the feedback to the complainant. */
async function repliedTicket(toComplainant: string): Promise<TicketView> {
  const street = t.units.get('S220204-BJL') as string;
  const reg = ok<TicketView>(await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' })), 201);
  ok(await operator.post(`/api/v1/tickets/${reg.id}/dispatch`, { unitId: street }));
  ok(await handler.post(`/api/v1/tickets/${reg.id}/accept`, { responsiblePerson: '李四' }));
  ok(await handler.post(`/api/v1/tickets/${reg.id}/verify`, { text: '已核实' }));
  ok(await handler.post(`/api/v1/tickets/${reg.id}/complete`, { result: '已疏通' }));
  return ok<TicketView>(
    await handler.post(`/api/v1/tickets/${reg.id}/feedback`, { toComplainant, toOffice: '已办结' }),
  );
}

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  operator2 = await t.as('operator2');
  handler = await t.as('s220204-bjl.handler');
  unitLeader = await t.as('s220204-bjl.leader');
  supervisor = await t.as('supervisor');
});
afterAll(() => t.close());

describe('propose a reply as an article', () => {
  it('when the unit proposes its reply on an answered ticket, then a draft of its unit holds the reply, and the office reviews and publishes it', async () => {
    const reply = '下水井堵塞已由环卫所疏通。今后如再堵塞，可直接拨打环卫所电话 0432-1234567 报修。';
    const ticket = await repliedTicket(reply);
    expect(ticket.status).toBe('replied');
    const draft = ok<KnowledgeView>(await handler.post(`/api/v1/knowledge/from-ticket/${ticket.id}`), 201);
    expect(draft).toMatchObject({
      status: 'draft',
      version: 1,
      fromTicketId: ticket.id,
      owningUnitId: t.units.get('S220204-BJL'),
    });
    expect(draft.body).toContain(reply);
    // R9.1: the complainant's name, phone and address do not travel into the article.
    for (const personal of ['张三', '13812345678', '幸福小区3栋']) expect(draft.body).not.toContain(personal);
    // Office review as for any draft: the unit submits, the office publishes (the author cannot).
    ok(await handler.post(`/api/v1/knowledge/${draft.id}/submit`));
    expect((await handler.post(`/api/v1/knowledge/${draft.id}/publish`)).statusCode).toBe(403);
    const pub = ok<KnowledgeView>(await operator.post(`/api/v1/knowledge/${draft.id}/publish`));
    expect(pub.status).toBe('published');
    const log = ok<{ items: { action: string; details: Record<string, unknown> }[] }>(
      await (await t.as('admin')).get(`/api/v1/audit?target=${encodeURIComponent(`knowledge:${draft.id}`)}`),
    );
    expect(log.items.find((i) => i.action === 'knowledge.create')?.details.fromTicketId).toBe(ticket.id);
  });

  it('when someone without the capability, another unit or a ticket without a reply is proposed, then it is refused', async () => {
    const ticket = await repliedTicket('已处理完毕。');
    // The supervisor follows tickets but does not write knowledge (policy module).
    const refused = await supervisor.post(`/api/v1/knowledge/from-ticket/${ticket.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'AUTH.FORBIDDEN', message: '只有市长电话室和承办单位可以将工单答复提炼为知识库文章。' },
    });
    // Another unit does not see the ticket at all.
    const other = await (await t.as('d220211.leader')).post(`/api/v1/knowledge/from-ticket/${ticket.id}`);
    expect(other.statusCode).toBe(404);
    // Registered, not yet answered: nothing to propose.
    const fresh = ok<TicketView>(await operator.post('/api/v1/tickets', ticketBody()), 201);
    const early = await operator.post(`/api/v1/knowledge/from-ticket/${fresh.id}`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'KNOWLEDGE.INVALID_STATE' } });
  });
});

describe('the citizens’ FAQ', () => {
  it('when the citizens open and search the FAQ, then they see only published public articles in force, best match first, with synonyms', async () => {
    const heating = await published({
      title: '暖气不热怎么报修',
      body: '供暖期内室温不达标的，请先联系供热公司；24 小时未解决的拨打 12345。',
      public: true,
    });
    const water = await published({
      title: '小区停水怎么查询',
      body: '计划停水会提前在小区公告栏和供水公司网站公示。',
      public: true,
    });
    const internal = await published({
      title: '停暖投诉内部处理口径',
      body: '供热公司停暖超过 24 小时的，派供热办。',
    });
    const draftPublic = ok<KnowledgeView>(
      await operator.post('/api/v1/knowledge', { title: '停热公告（草稿）', body: '停热', public: true }),
      201,
    );
    const all = (await faq()).map((i) => i.id);
    expect(all).toEqual(expect.arrayContaining([heating.id, water.id]));
    expect(all).not.toContain(internal.id);
    expect(all).not.toContain(draftPublic.id);
    // 停热 is a word of the heating group: the heating article, not the water one.
    expect((await faq('家里停热了')).map((i) => i.id)).toEqual([heating.id]);
    expect((await faq('没水了'))[0]?.id).toBe(water.id);
    // Retired: gone from the citizens' page.
    ok(await operator.post(`/api/v1/knowledge/${water.id}/retire`, { reason: '并入供水指南' }));
    expect((await faq()).map((i) => i.id)).not.toContain(water.id);
  });
});

describe('template management', () => {
  it('when the office and a unit leader keep templates, then each sees the global and the unit’s own with use counts, and edits only its own', async () => {
    const global = ok<TemplateView>(
      await operator.post('/api/v1/templates', {
        kind: 'delay',
        title: '超期说明（全局）',
        body: '{{诉求人称呼}}您好，工单 {{工单编号}} 因情况复杂需延期办理。',
      }),
      201,
    );
    expect(global).toMatchObject({ unitId: null, useCount: 0, editable: true, active: true });
    const own = ok<TemplateView>(
      await unitLeader.post('/api/v1/templates', {
        kind: 'feedback',
        title: '北京路街道办结反馈',
        body: '您好，工单 {{工单编号}} 已由{{承办单位}}办结。',
      }),
      201,
    );
    expect(own).toMatchObject({ unitId: t.units.get('S220204-BJL'), editable: true });
    // The unit leader's screen: the global ones (to use) and the unit's own (to keep).
    const leaderView = ok<TemplateView[]>(await unitLeader.get('/api/v1/templates?includeInactive=true'));
    expect(leaderView.find((x) => x.id === global.id)?.editable).toBe(false);
    expect(leaderView.find((x) => x.id === own.id)?.editable).toBe(true);
    // The office reads every unit's templates when it asks, but keeps only the global ones.
    expect((await operator.get('/api/v1/templates')).json()).not.toContainEqual(
      expect.objectContaining({ id: own.id }),
    );
    const officeView = ok<TemplateView[]>(
      await operator.get('/api/v1/templates?includeInactive=true&allUnits=true'),
    );
    expect(officeView.find((x) => x.id === own.id)?.editable).toBe(false);
    const notHers = await operator.inject({
      method: 'PUT',
      url: `/api/v1/templates/${own.id}`,
      payload: { kind: 'feedback', title: '改', body: '改' },
    });
    expect(notHers.statusCode).toBe(403);
    // Another unit's leader never sees it.
    const other = ok<TemplateView[]>(
      await (await t.as('d220211.leader')).get('/api/v1/templates?allUnits=true&includeInactive=true'),
    );
    expect(other.map((x) => x.id)).not.toContain(own.id);
  });

  it('when a template is used, its count and last use show; when retired, it leaves the dialogs but stays on the management screen', async () => {
    const tpl = ok<TemplateView>(
      await operator.post('/api/v1/templates', { kind: 'feedback', title: '旧版反馈', body: '已办结。' }),
      201,
    );
    const ticket = await repliedTicket('已办结。');
    ok(await handler.post(`/api/v1/templates/${tpl.id}/fill`, { ticketId: ticket.id }));
    ok(await handler.post(`/api/v1/templates/${tpl.id}/fill`, { ticketId: ticket.id }));
    const used = ok<TemplateView[]>(await operator.get('/api/v1/templates?includeInactive=true')).find(
      (x) => x.id === tpl.id,
    );
    expect(used).toMatchObject({ useCount: 2 });
    expect(used?.lastUsedAt).not.toBeNull();
    const retired = ok<TemplateView>(
      await operator.inject({
        method: 'PUT',
        url: `/api/v1/templates/${tpl.id}`,
        payload: { kind: 'feedback', title: '旧版反馈', body: '已办结。', active: false },
      }),
    );
    expect(retired.active).toBe(false);
    expect(
      ok<TemplateView[]>(await handler.get('/api/v1/templates?kind=feedback')).map((x) => x.id),
    ).not.toContain(tpl.id);
    expect((await handler.post(`/api/v1/templates/${tpl.id}/fill`, { ticketId: ticket.id })).statusCode).toBe(
      404,
    );
    const managed = ok<TemplateView[]>(await operator.get('/api/v1/templates?includeInactive=true'));
    expect(managed.find((x) => x.id === tpl.id)).toMatchObject({ active: false, useCount: 2 });
    const log = ok<{ items: { action: string }[] }>(
      await (await t.as('admin')).get(`/api/v1/audit?target=${encodeURIComponent(`template:${tpl.id}`)}`),
    );
    expect(log.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['template.create', 'template.retire']),
    );
  });
});

describe('search requires most words', () => {
  it('when a query has several words, then articles holding all of them are the answer, not every article holding one', async () => {
    const loan = await published({
      title: '公积金贷款额度怎么算',
      body: '住房公积金贷款额度按缴存余额计算。',
    });
    const withdraw = await published({ title: '公积金提取', body: '提取住房公积金需身份证。' });
    const loanGeneral = await published({ title: '商业贷款与组合贷款', body: '组合贷款由银行办理。' });
    const hit = ok<{ items: KnowledgeItem[]; total: number }>(
      await operator.get(`/api/v1/knowledge?q=${encodeURIComponent('住房公积金贷款额度')}&status=published`),
    );
    expect(hit.items[0]?.id).toBe(loan.id);
    const ids = hit.items.map((i) => i.id);
    expect(ids).not.toContain(withdraw.id);
    expect(ids).not.toContain(loanGeneral.id);
    // No article holds every word: those holding most of them are found rather than nothing.
    const most = ok<{ items: KnowledgeItem[] }>(
      await operator.get(
        `/api/v1/knowledge?q=${encodeURIComponent('公积金贷款额度 异地 邮寄')}&status=published`,
      ),
    );
    expect(most.items[0]?.id).toBe(loan.id);
  });

  it('when a search is paged, then every page carries the same total, and a page past the end is empty but still counts them', async () => {
    const ids = [];
    for (const n of ['一', '二', '三'])
      ids.push((await published({ title: `自行车棚翻修第${n}期`, body: '自行车棚翻修由街道办负责。' })).id);
    const page = async (p: number) =>
      ok<{ items: KnowledgeItem[]; total: number }>(
        await operator.get(
          `/api/v1/knowledge?q=${encodeURIComponent('自行车棚翻修')}&status=published&page=${p}&pageSize=2`,
        ),
      );
    const [first, second, past] = [await page(1), await page(2), await page(3)];
    expect([first.total, second.total, past.total]).toEqual([3, 3, 3]);
    expect([...first.items, ...second.items].map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(past.items).toEqual([]);
  });
});
