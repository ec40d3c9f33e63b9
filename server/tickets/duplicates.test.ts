/**
 * Duplicates and mass events: suggested by phone (keyed hash, no decryption) and by similar
 * text in the same area; merged tickets follow the parent's handling and every complainant gets feedback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
});
afterAll(() => t.close());

type Dup = { id: string; reason: string };
const register = async (body: Record<string, unknown>) =>
  (await operator.post('/api/v1/tickets', ticketBody(body))).json() as { id: string; code: string };

describe('likely duplicates', () => {
  it('R2.2 are suggested by the same phone within 30 days and by similar text in the same district within 7 days', async () => {
    const first = await register({
      content: '龙潭区新吉林街道某小区楼道灯坏了两周',
      complainant: { name: '王五', phone: '13700001111' },
      location: { district: '220203' },
    });
    const samePerson = await register({
      content: '另一件事：小区门口垃圾没人清理',
      complainant: { name: '王五', phone: '137-0000-1111' },
      location: { district: '220203' },
    });
    t.clock.advance(3600);
    const a = await register({
      content: '船营区北京路幸福小区3号楼下水井堵塞，污水外溢，臭味很大',
      complainant: { name: '赵六', phone: '13600002222' },
      location: { district: '220204' },
    });
    const b = await register({
      content: '北京路幸福小区下水井堵了，污水外溢好几天，臭味很大',
      complainant: { name: '钱七', phone: '13600003333' },
      location: { district: '220204' },
    });
    const byPhone = (await operator.get(`/api/v1/tickets/${samePerson.id}/duplicates`)).json() as Dup[];
    expect(byPhone).toEqual([expect.objectContaining({ id: first.id, reason: 'same-phone' })]);
    const byText = (await operator.get(`/api/v1/tickets/${b.id}/duplicates`)).json() as Dup[];
    expect(byText.map((d) => `${d.id}:${d.reason}`)).toContain(`${a.id}:similar-text`);
    // As the operator types, before saving:
    const check = async (district: string) =>
      (
        await operator.post('/api/v1/duplicate-check', { content: '幸福小区下水井堵塞污水外溢', district })
      ).json() as Dup[];
    const live = await check('船营区');
    expect(live.map((d) => d.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(JSON.stringify(live)).not.toContain('1360000');
    // The same words in another district are another place's problem.
    expect((await check('昌邑区')).map((d) => d.id)).not.toContain(a.id);
    // Six days on they are still suggested; eight days on, no longer (similar text looks back 7 days).
    t.clock.advance(6 * 86_400);
    expect((await check('船营区')).map((d) => d.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    t.clock.advance(2 * 86_400);
    expect((await check('船营区')).map((d) => d.id)).not.toContain(a.id);
  });
});

describe('merging', () => {
  it('a merged ticket follows the parent to feedback, every complainant gets it, and each is revisited on their own ticket', async () => {
    const parent = await register({
      urgency: 'urgent',
      content: '幸福小区整栋楼突然停水',
      complainant: { name: '甲', phone: '13500000001' },
    });
    const child = await register({
      urgency: 'urgent',
      content: '幸福小区停水了',
      complainant: { name: '乙', phone: '13500000002' },
    });
    const merged = await operator.post(`/api/v1/tickets/${child.id}/merge`, { parentId: parent.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ parentTicketId: parent.id });
    // The child cannot be handled on its own.
    expect(
      (await operator.post(`/api/v1/tickets/${child.id}/dispatch`, { unitId: t.units.get('S220204-BJL') }))
        .statusCode,
    ).toBe(409);

    const h = await t.as('s220204-bjl.handler');
    await operator.post(`/api/v1/tickets/${parent.id}/dispatch`, { unitId: t.units.get('S220204-BJL') });
    await h.post(`/api/v1/tickets/${parent.id}/accept`, { responsiblePerson: '王' });
    await h.post(`/api/v1/tickets/${parent.id}/report-disposal`, { text: '已关阀抢修' });
    await h.post(`/api/v1/tickets/${parent.id}/complete`, { result: '已恢复供水' });
    await h.post(`/api/v1/tickets/${parent.id}/feedback`, {
      toComplainant: '已电话告知各位住户',
      toOffice: '已办结',
    });

    const c = (await h.get(`/api/v1/tickets/${child.id}`)).json() as {
      status: string;
      complainant: { name: string; unmasked: boolean };
    };
    // The unit handling the parent can reach the child's complainant too.
    expect(c).toMatchObject({ status: 'replied', complainant: { name: '乙', unmasked: true } });
    const events = (await operator.get(`/api/v1/tickets/${child.id}/events`)).json() as {
      action: string;
      data: Record<string, unknown>;
    }[];
    expect(events.filter((e) => e.action === 'follow-parent').map((e) => e.data.parentAction)).toEqual([
      'dispatch',
      'accept',
      'report-disposal',
      'complete',
      'feedback',
    ]);
    const revisitor = await t.as('revisitor');
    expect(
      (await revisitor.post(`/api/v1/tickets/${child.id}/revisit`, { outcome: 'satisfied', note: '' }))
        .statusCode,
    ).toBe(200);
    expect(((await operator.get(`/api/v1/tickets/${parent.id}`)).json() as { status: string }).status).toBe(
      'replied',
    );
  });
});
