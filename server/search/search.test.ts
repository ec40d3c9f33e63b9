/**
 * Ticket search (ADR 0010): hotline words are segmented as operators type them, the search box finds words of
 * the title, content, replies and notes (all of them), a code, a phone (through the keyed hash, R9.1) and a
 * unit; a recent exact match comes first with what matched marked; nothing the complainant is can be searched as
 * text (R9.1); the re-index fills tickets without a vector in batches while the platform keeps working; a total
 * that would need a long count is estimated and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { indexableText, ticketQuery, ticketVectorLiteral } from './segment.js';
import { reindexTickets, type ReindexProgress } from './reindex.js';
import { listTickets } from '../tickets/ticket.repository.js';
import { queryRows } from '../db/client.js';

let t: TestApp;
let operator: Client;
let handler: Client;

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
});
afterAll(() => t.close());

type Listed = {
  id: string;
  code: string;
  title: string;
  match?: { title: [number, number][]; snippet: string; snippetRanges: [number, number][] };
};
type Page = { items: Listed[]; total: number; approx?: boolean };

async function register(body: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const res = await operator.post('/api/v1/tickets', ticketBody(body));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string };
}

async function search(client: Client, q: string): Promise<Page> {
  const res = await client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}&pageSize=50`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

const street = () => t.units.get('S220204-BJL') as string;

async function act(client: Client, id: string, action: string, body: unknown) {
  const res = await client.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
}

describe('segmentation of hotline words', () => {
  it('when an operator types a hotline word, then it is searched as that word, a synonym as its group', () => {
    // A compound hotline word stays whole (噪音扰民, not 噪音 & 扰民), with the group of the noise words.
    expect(ticketQuery('噪音扰民')?.tsquery.split(' & ')).toEqual(["'syn:noise'", "'噪音扰民'"]);
    expect(ticketQuery('占道经营 井盖')?.tsquery).toBe("'占道经营' & '井盖'");
    // 停水 / 没水 / 断水 are one group: each finds the others.
    expect(ticketQuery('停水')?.tsquery).toBe("'syn:water-cut'");
    expect(ticketQuery('没水')?.tsquery).toBe("'syn:water-cut'");
    expect(ticketQuery('暖气不热')?.tsquery).toBe("'syn:heating'");
    expect(ticketQuery('请问 的 吗')).toBeNull();
    // A code or a phone is looked up as such, not as words.
    expect(ticketQuery('J20261110000001')).toBeNull();
    expect(ticketQuery('139-8765-4321')).toBeNull();
  });

  it('when a text is indexed, then compound hotline words and their parts are its words', () => {
    const v = ticketVectorLiteral({ title: '占道经营', content: '小区门口下水井盖丢失，噪音扰民' });
    for (const w of ['占道经营', '占道', '经营', '井盖', '下水井', '噪音扰民', '噪音', '扰民'])
      expect(v).toContain(`'${w}'`);
  });
});

describe('the search box', () => {
  it('when words match an old title, a recent title and a recent content, then the recent title comes first, marked', async () => {
    const old = await register({ title: '井盖丢失', content: '松江路口的井盖丢失，行人容易掉下去。' });
    t.clock.advance(40 * 86400);
    const inContent = await register({
      title: '路面塌陷',
      content: '解放路路面塌陷，旁边井盖也松动了，请处理。',
    });
    const recent = await register({ title: '井盖丢失', content: '北京路幸福小区门口井盖丢失，晚上很危险。' });
    const page = await search(operator, '井盖');
    const ids = page.items.map((i) => i.id);
    expect(ids[0]).toBe(recent.id);
    expect(ids).toEqual(expect.arrayContaining([old.id, inContent.id]));
    const first = page.items[0] as Listed;
    expect(first.match?.title).toEqual([[0, 2]]);
    const [s, e] = first.match?.snippetRanges[0] ?? [0, 0];
    expect(first.match?.snippet.slice(s, e)).toBe('井盖');
    // All words are required: 井盖 and 塌陷 are both only in one ticket.
    expect((await search(operator, '井盖 塌陷')).items.map((i) => i.id)).toEqual([inContent.id]);
  });

  it('when a unit replies or notes something, then its words find the ticket', async () => {
    const created = await register({ title: '路灯不亮', content: '北京路幸福小区东门路灯坏了一周。' });
    await act(operator, created.id, 'dispatch', { unitId: street() });
    await act(handler, created.id, 'accept', { responsiblePerson: '李四' });
    await act(handler, created.id, 'verify', { text: '现场核实，需更换镇流器。' });
    const found = await search(handler, '镇流器');
    expect(found.items.map((i) => i.id)).toEqual([created.id]);
  });

  it('when the box holds a code, a phone or a unit, then it finds that ticket, that caller or that unit’s tickets', async () => {
    const created = await register({
      title: '垃圾清运不及时',
      content: '北京路幸福小区垃圾站三天没清运。',
      complainant: { name: '孙八', phone: '13511112222' },
    });
    expect((await search(operator, created.code)).items[0]?.id).toBe(created.id);
    expect((await search(operator, '135-1111-2222')).items.map((i) => i.id)).toEqual([created.id]);
    await act(operator, created.id, 'dispatch', { unitId: street() });
    const byUnit = await search(operator, '北京路街道');
    expect(byUnit.items.map((i) => i.id)).toContain(created.id);
  });

  it('when a caller’s name, number or ID number is typed as text, then no ticket is found by it (R9.1)', async () => {
    const created = await register({
      title: '楼道堆放杂物',
      content: '我叫欧阳娜娜，电话13987654321，身份证220204199001011234，楼道堆放杂物无人清理。',
      complainant: { name: '欧阳娜娜', phone: '13987654321', idNumber: '220204199001011234' },
    });
    await act(operator, created.id, 'dispatch', { unitId: street() });
    expect((await search(operator, '欧阳娜娜')).total).toBe(0);
    expect((await search(operator, '娜娜')).total).toBe(0);
    // A unit may not search by phone: the number as text finds nothing either.
    expect((await search(handler, '13987654321')).total).toBe(0);
    expect((await search(handler, '220204199001011234')).total).toBe(0);
    // The request's own words still find it.
    expect((await search(handler, '楼道 杂物')).items.map((i) => i.id)).toContain(created.id);
    const [row] = await queryRows<{ v: string }>(
      t.ctx.db,
      sql`SELECT search_vector::text AS v FROM tickets WHERE id = ${created.id}`,
    );
    expect(row?.v).not.toMatch(/娜娜|\d{6}/);
    expect(indexableText('电话 139-8765-4321 号')).not.toMatch(/\d{4}/);
  });
});

describe('totals', () => {
  it('when more tickets match than are counted exactly, then the total is an estimate marked approx', async () => {
    const exact = await listTickets(t.ctx.db, { scope: 'all', sort: 'registeredAt', page: 1, pageSize: 5 });
    expect(exact.approx).toBe(false);
    const capped = await listTickets(t.ctx.db, {
      scope: 'all',
      sort: 'registeredAt',
      page: 1,
      pageSize: 5,
      countCap: 2,
    });
    expect(capped.approx).toBe(true);
    expect(capped.total).toBeGreaterThanOrEqual(2);
    expect(capped.rows.map((r) => r.id)).toEqual(exact.rows.map((r) => r.id));
  });
});

describe('re-indexing existing tickets', () => {
  it('when tickets have no search vector, then the re-index fills them in batches with progress while work goes on', async () => {
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await register({ title: `自行车棚漏雨 ${i}`, content: '幸福小区的自行车棚顶棚漏雨。' }));
    // As after the migration: these tickets were registered before the column existed.
    await t.ctx.db.execute(
      sql`UPDATE tickets SET search_vector = NULL, similarity_keys = NULL WHERE id IN ${made.map((m) => m.id)}`,
    );
    expect((await search(operator, '自行车')).total).toBe(0);
    const similar = async () =>
      (
        (
          await operator.post('/api/v1/duplicate-check', {
            content: '幸福小区的自行车棚顶棚漏雨',
            district: '船营区',
          })
        ).json() as { id: string }[]
      ).map((d) => d.id);
    expect(await similar()).toEqual([]);
    const seen: ReindexProgress[] = [];
    let live: { id: string } | undefined;
    const result = await reindexTickets(t.ctx, {
      batchSize: 2,
      onProgress: async (p) => {
        seen.push(p);
        // Meanwhile the platform keeps working: a new ticket, and an action on one not indexed yet.
        if (seen.length === 1) {
          live = await register({ title: '自行车棚灯不亮', content: '新装的自行车棚灯不亮。' });
        }
      },
    });
    expect(seen.map((p) => [p.done, p.total])).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(result.done).toBe(5);
    const found = (await search(operator, '自行车')).items.map((i) => i.id);
    expect(found).toEqual(expect.arrayContaining([...made.map((m) => m.id), live?.id]));
    // The duplicate check finds them again by their similarity keys (R2.2).
    expect(await similar()).toEqual(expect.arrayContaining(made.map((m) => m.id)));
    // A second run has nothing left to do.
    expect((await reindexTickets(t.ctx, { batchSize: 2 })).done).toBe(0);
  });
});
